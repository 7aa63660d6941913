// The page's words in English and Chinese; the browser's language chooses (zh-* is Chinese).

const EN = {
  'nav.jobs': 'Jobs', 'nav.sequences': 'Sequences', 'nav.logout': 'Log out',
  'login.title': 'Log in to Previs',
  'login.credential': 'Studio key or identity-provider token',
  'login.help': 'Your studio API key (pvk_…) or a token from your identity provider.',
  'login.submit': 'Log in', 'login.bad': 'Those credentials were not accepted.',
  'jobs.title': 'Jobs', 'jobs.filters': 'Filters', 'jobs.status': 'Status', 'jobs.any': 'any',
  'jobs.sequence': 'Sequence', 'jobs.show': 'Show', 'jobs.since': 'Submitted since', 'jobs.text': 'Text',
  'jobs.apply': 'Apply filters', 'jobs.none': 'No jobs match.',
  'jobs.shot': 'Shot', 'jobs.progress': 'Progress', 'jobs.queue': 'Queue / ETA', 'jobs.gpu': 'GPU-seconds',
  'jobs.submitted': 'Submitted', 'jobs.actions': 'Actions', 'jobs.cancel': 'Cancel',
  'jobs.cancelled': 'Job {0} cancelled.', 'jobs.position': '#{0} in {1}', 'jobs.eta': 'done ~{0}',
  'submit.title': 'New shot', 'submit.shot': 'Shot name (clientJobId)', 'submit.prompt': 'Prompt',
  'submit.variants': 'Takes', 'submit.frames': 'Frames', 'submit.size': 'Size (WxH)', 'submit.steps': 'Steps',
  'submit.sequence': 'Sequence', 'submit.go': 'Submit shot', 'submit.done': 'Submitted {0}.',
  'review.title': 'Review', 'review.prompt': 'Prompt', 'review.versions': 'Versions',
  'review.shards': 'Render progress', 'review.take': 'Take {0}', 'review.verdict': 'QC: {0}',
  'review.waiting': 'Waiting for its clip and QC.', 'review.withheld': 'Withheld: {0}',
  'review.plot': 'QC over the clip: SSIM, flow, warp error and faces per frame; findings marked',
  'review.approve': 'Approve', 'review.select': 'Select take', 'review.selected': 'Chosen for the shot',
  'review.more': 'More like this', 'review.reject': 'Reject with edits',
  'review.note': 'Note', 'review.camera': 'Camera', 'review.newPrompt': 'New prompt',
  'review.send': 'Reject and render the next version', 'review.close': 'Close',
  'review.approved': 'Take {0} approved.', 'review.versionMade': 'v{0} is rendering: {1}',
  'review.moreMade': 'New takes near take {0}: {1}', 'review.selectedToast': 'Take {0} chosen for {1}.',
  'review.sheet': 'Contact sheet', 'review.findings': 'Findings', 'review.noFindings': 'No findings.',
  'seq.title': 'Sequences', 'seq.none': 'No sequences yet: label jobs with sequence=<name>.',
  'seq.shots': 'Shots', 'seq.chosen': 'Chosen take', 'seq.qc': 'QC', 'seq.by': 'Chosen by', 'seq.noTake': 'none chosen yet',
  'seq.length': '{0} of {1} shots chosen, {2} s at {3} fps',
  'seq.animatic': 'Animatic', 'seq.burnIn': 'Burn in shot names and timecode', 'seq.make': 'Make animatic',
  'seq.status': 'Animatic {0}: {1}', 'seq.download': 'Download animatic',
  'seq.exports': 'Editorial', 'seq.otio': 'Download OTIO', 'seq.edl': 'Download EDL', 'seq.zip': 'Download package',
  'status.accepted': 'accepted', 'status.held': 'held', 'status.rejected': 'rejected', 'status.encoding': 'encoding',
  'status.rendering': 'rendering', 'status.postprocessing': 'post-processing', 'status.qc': 'QC',
  'status.completed': 'completed', 'status.failed': 'failed', 'status.cancelled': 'cancelled',
  'error': 'Error: {0}',
};

const ZH = {
  'nav.jobs': '任务', 'nav.sequences': '序列', 'nav.logout': '退出登录',
  'login.title': '登录 Previs',
  'login.credential': '工作室密钥或身份提供方令牌',
  'login.help': '您的工作室 API 密钥（pvk_…）或身份提供方签发的令牌。',
  'login.submit': '登录', 'login.bad': '凭据未被接受。',
  'jobs.title': '任务', 'jobs.filters': '筛选', 'jobs.status': '状态', 'jobs.any': '全部',
  'jobs.sequence': '序列', 'jobs.show': '剧集', 'jobs.since': '提交日期起', 'jobs.text': '文字',
  'jobs.apply': '应用筛选', 'jobs.none': '没有符合条件的任务。',
  'jobs.shot': '镜头', 'jobs.progress': '进度', 'jobs.queue': '队列 / 预计完成', 'jobs.gpu': 'GPU 秒',
  'jobs.submitted': '提交时间', 'jobs.actions': '操作', 'jobs.cancel': '取消',
  'jobs.cancelled': '任务 {0} 已取消。', 'jobs.position': '{1} 中第 {0} 位', 'jobs.eta': '约 {0} 完成',
  'submit.title': '新镜头', 'submit.shot': '镜头名（clientJobId）', 'submit.prompt': '提示词',
  'submit.variants': '条数', 'submit.frames': '帧数', 'submit.size': '尺寸（宽x高）', 'submit.steps': '步数',
  'submit.sequence': '序列', 'submit.go': '提交镜头', 'submit.done': '已提交 {0}。',
  'review.title': '审阅', 'review.prompt': '提示词', 'review.versions': '版本',
  'review.shards': '渲染进度', 'review.take': '第 {0} 条', 'review.verdict': '质检：{0}',
  'review.waiting': '等待成片与质检。', 'review.withheld': '暂不提供：{0}',
  'review.plot': '逐帧质检曲线：SSIM、光流、扭曲误差与人脸数，并标出问题位置',
  'review.approve': '通过', 'review.select': '选用此条', 'review.selected': '已选为该镜头',
  'review.more': '类似再来', 'review.reject': '驳回并修改',
  'review.note': '备注', 'review.camera': '镜头运动', 'review.newPrompt': '新提示词',
  'review.send': '驳回并渲染下一版', 'review.close': '关闭',
  'review.approved': '第 {0} 条已通过。', 'review.versionMade': 'v{0} 正在渲染：{1}',
  'review.moreMade': '基于第 {0} 条的新条目：{1}', 'review.selectedToast': '第 {0} 条已选为 {1}。',
  'review.sheet': '联系表', 'review.findings': '问题', 'review.noFindings': '没有问题。',
  'seq.title': '序列', 'seq.none': '还没有序列：给任务加上 sequence=<名称> 标签。',
  'seq.shots': '镜头', 'seq.chosen': '选用条目', 'seq.qc': '质检', 'seq.by': '选定人', 'seq.noTake': '尚未选定',
  'seq.length': '已选 {0}/{1} 个镜头，{2} 秒，{3} fps',
  'seq.animatic': '动态分镜', 'seq.burnIn': '叠加镜头名与时间码', 'seq.make': '生成动态分镜',
  'seq.status': '动态分镜 {0}：{1}', 'seq.download': '下载动态分镜',
  'seq.exports': '剪辑交付', 'seq.otio': '下载 OTIO', 'seq.edl': '下载 EDL', 'seq.zip': '下载完整包',
  'status.accepted': '已接收', 'status.held': '待审核', 'status.rejected': '已拒绝', 'status.encoding': '编码中',
  'status.rendering': '渲染中', 'status.postprocessing': '后期处理中', 'status.qc': '质检中',
  'status.completed': '已完成', 'status.failed': '失败', 'status.cancelled': '已取消',
  'error': '错误：{0}',
};

export const LANG = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
const WORDS = LANG === 'zh' ? ZH : EN;

export function t(key, ...args) {
  const s = WORDS[key] || EN[key] || key;
  return s.replace(/\{(\d)\}/g, (m, i) => (args[i] === undefined ? '' : String(args[i])));
}

/** Fills every element marked data-i18n under root with its words. */
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
}
