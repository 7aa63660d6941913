// The QC report's per-frame series drawn over the clip's timeline, as SVG (no library: a few
// polylines, and the page's tests can count their points). Findings are bands over the frames
// they cover, red for critical, amber for warning.

const NS = 'http://www.w3.org/2000/svg';
const SERIES = [
  { key: 'ssim', label: 'SSIM', color: '#2b6cb0', fixedMax: 1 },
  { key: 'flowMagnitude', label: 'flow', color: '#2f855a' },
  { key: 'warpError', label: 'warp error', color: '#b7791f' },
  { key: 'faceCount', label: 'faces', color: '#805ad5' },
];

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** An SVG element plotting report.series and marking report.findings; label names it. */
export function qcPlot(report, label) {
  const W = 640, H = 170, L = 8, R = 8, T = 8, B = 34;
  const series = report.series || {};
  const frames = Math.max(1, ...SERIES.map(s => (series[s.key] || []).length));
  const x = f => L + (frames <= 1 ? 0 : (f / (frames - 1)) * (W - L - R));
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'qcplot', 'data-frames': frames });
  svg.appendChild(el('title', {}, label));
  svg.appendChild(el('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: '#fafafa', stroke: '#ccc' }));
  for (const f of report.findings || []) {
    const sev = String(f.severity || '').toLowerCase();
    if (sev !== 'warning' && sev !== 'critical') continue;
    const x0 = x(Math.max(0, f.firstFrame)), x1 = x(Math.min(frames - 1, f.lastFrame));
    const band = el('rect', {
      x: x0 - 2, y: T, width: Math.max(4, x1 - x0 + 4), height: H - T - B,
      fill: sev === 'critical' ? 'rgba(197,48,48,.25)' : 'rgba(221,107,32,.25)',
      'data-finding': f.check, 'data-first-frame': f.firstFrame,
    });
    band.appendChild(el('title', {}, `${f.check} (${sev}) frames ${f.firstFrame}–${f.lastFrame}: ${f.message || ''}`));
    svg.appendChild(band);
  }
  SERIES.forEach((s, i) => {
    const values = series[s.key] || [];
    const finite = values.filter(v => typeof v === 'number' && isFinite(v));
    if (!finite.length) return;
    const max = s.fixedMax || Math.max(1e-9, ...finite);
    const pts = [];
    values.forEach((v, f) => {
      if (typeof v === 'number' && isFinite(v)) {
        const y = T + (H - T - B) * (1 - Math.min(1, Math.max(0, v / max)));
        pts.push(`${x(f).toFixed(1)},${y.toFixed(1)}`);
      }
    });
    const line = el('polyline', {
      points: pts.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 1.5,
      'data-series': s.key, 'data-points': pts.length,
    });
    line.appendChild(el('title', {}, `${s.label}: max ${max.toFixed(3)}`));
    svg.appendChild(line);
    svg.appendChild(el('rect', { x: L + i * 150, y: H - 18, width: 10, height: 10, fill: s.color }));
    svg.appendChild(el('text', { x: L + i * 150 + 14, y: H - 9, 'font-size': 11 }, s.label));
  });
  svg.appendChild(el('text', { x: L, y: H - 22, 'font-size': 10, fill: '#555' }, '0'));
  svg.appendChild(el('text', { x: W - R, y: H - 22, 'font-size': 10, fill: '#555', 'text-anchor': 'end' }, String(frames - 1)));
  return svg;
}
