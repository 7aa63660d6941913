package io.previs.modeltools.diffusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a HuggingFace tokenizer.json of the same family as umT5's: a SentencePiece-style Unigram
 * model with Metaspace pre-tokenization, an appended {@code </s>}, and byte fallback, so any text
 * (English, Chinese, emoji) tokenizes: pieces the vocabulary lacks become {@code <0xNN>} byte
 * tokens. The vocabulary is small and written here (film and scene words in English and Chinese).
 */
public final class TokenizerGenerator {

  public static final int PAD = 0;
  public static final int EOS = 1;
  public static final int UNK = 2;
  private static final String SPACE = "\u2581";

  private static final String ENGLISH =
      "a an the and or of in on at to from with by for over under into through across above below"
          + " near far behind before after while as is are was be being her his their its this that"
          + " woman man girl boy child warrior knight soldier hero villain crowd people person figure"
          + " face eyes hand hands hair cloak cape armor sword shield bow horse dragon bird dog cat"
          + " city castle wall walls tower gate street road bridge river sea ocean lake mountain forest"
          + " desert field sky cloud clouds rain storm thunder lightning snow fog mist wind fire smoke"
          + " night day dawn dusk sunset sunrise moon sun stars light dark shadow shadows neon"
          + " red blue green yellow orange purple white black gold silver grey gray pink brown"
          + " ancient old new modern futuristic ruined burning wet cold warm bright dim golden"
          + " runs running walks walking flies flying falls falling jumps jumping fights fighting"
          + " turns turning looks looking stands standing sits sitting rides riding swims climbs"
          + " slowly quickly suddenly camera shot wide close closeup medium tracking dolly pan tilt"
          + " zoom crane aerial handheld static slow motion cinematic dramatic epic previs scene"
          + " lens angle frame frames film movie style lighting backlit silhouette foreground"
          + " background low high quality blurry distorted watermark text overexposed underexposed";

  private static final String CHINESE_WORDS =
      "一位 身穿 红色 斗篷 女战士 战士 暴雨 古城墙 城墙 奔跑 闪电 划破 夜空 镜头 特写 远景 中景 近景"
          + " 慢动作 电影 画面 背景 前景 光线 阴影 黄昏 日出 日落 月光 星空 森林 沙漠 大海 河流 山脉"
          + " 城市 街道 古城 宫殿 骑士 士兵 英雄 少女 少年 老人 孩子 人群 龙 马 鸟 火焰 烟雾 雪花 雨水"
          + " 跳跃 飞翔 行走 战斗 转身 回头 微笑 哭泣 低质量 模糊 变形 水印 文字 静止 过曝";

  private static final String CHINESE_CHARS =
      "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
          + "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
          + "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
          + "看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料"
          + "象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
          + "几九区强放决西被干做必战先回则任取据处世界红色斗篷女士暴雨古城墙奔跑闪电划破夜空光影风云火烟雪雾"
          + "金银黑白蓝绿黄紫灰冷暖亮暗快慢飞走跳转看笑哭站坐骑剑盾甲马龙鸟猫狗城街桥河海湖森林沙漠镜头特写远"
          + "近景电影画面背前阴黄昏日出落月星空宫殿骑兵英雄少年孩群焰";

  private static final String ASCII =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + ".,;:!?'\"-()[]/&%+=*#@_";

  private static final String CJK_PUNCT = "，。！？、；：“”‘’（）《》…—";

  private TokenizerGenerator() {}

  /** The vocabulary in id order: specials, 256 byte tokens, then pieces. */
  public static List<String> vocabulary() {
    Set<String> pieces = new LinkedHashSet<>();
    pieces.add(SPACE);
    for (String w : ENGLISH.split(" ")) {
      pieces.add(SPACE + w);
    }
    for (String w : CHINESE_WORDS.split(" ")) {
      pieces.add(w);
      pieces.add(SPACE + w);
    }
    CHINESE_CHARS.codePoints().forEach(cp -> pieces.add(new String(Character.toChars(cp))));
    CJK_PUNCT.codePoints().forEach(cp -> pieces.add(new String(Character.toChars(cp))));
    ASCII.codePoints().forEach(cp -> pieces.add(new String(Character.toChars(cp))));
    List<String> vocab = new ArrayList<>(List.of("<pad>", "</s>", "<unk>"));
    for (int b = 0; b < 256; b++) {
      vocab.add(String.format("<0x%02X>", b));
    }
    vocab.addAll(pieces);
    return vocab;
  }

  public static void write(Path file) throws IOException {
    List<String> vocab = vocabulary();
    List<List<Object>> scored = new ArrayList<>();
    for (int id = 0; id < vocab.size(); id++) {
      String piece = vocab.get(id);
      double score;
      if (id < 3) {
        score = 0.0;
      } else if (id < 3 + 256) {
        score = -20.0; // only reached through byte fallback
      } else {
        // Longer pieces score higher per piece, so whole words beat spelling them out.
        int len = piece.codePointCount(0, piece.length());
        score = -8.0 + Math.min(len, 6) * 0.5 - (id % 97) * 1e-3;
      }
      scored.add(List.of(piece, score));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", "1.0");
    json.put("truncation", null);
    json.put("padding", null);
    json.put(
        "added_tokens",
        List.of(special(PAD, "<pad>"), special(EOS, "</s>"), special(UNK, "<unk>")));
    json.put("normalizer", Map.of("type", "NFKC"));
    Map<String, Object> metaspace = new LinkedHashMap<>();
    metaspace.put("type", "Metaspace");
    metaspace.put("replacement", SPACE);
    metaspace.put("prepend_scheme", "always");
    metaspace.put("split", true);
    json.put("pre_tokenizer", metaspace);
    json.put(
        "post_processor",
        Map.of(
            "type", "TemplateProcessing",
            "single", List.of(seq("A"), specialRef("</s>")),
            "pair", List.of(seq("A"), specialRef("</s>"), seq("B"), specialRef("</s>")),
            "special_tokens",
                Map.of(
                    "</s>", Map.of("id", "</s>", "ids", List.of(EOS), "tokens", List.of("</s>")))));
    json.put(
        "decoder",
        Map.of(
            "type",
            "Sequence",
            "decoders",
            List.of(Map.of("type", "ByteFallback"), Map.of("type", "Fuse"), metaspace)));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "Unigram");
    model.put("unk_id", UNK);
    model.put("vocab", scored);
    model.put("byte_fallback", true);
    json.put("model", model);
    JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json);
  }

  private static Map<String, Object> special(int id, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("content", content);
    m.put("single_word", false);
    m.put("lstrip", false);
    m.put("rstrip", false);
    m.put("normalized", false);
    m.put("special", true);
    return m;
  }

  private static Map<String, Object> seq(String id) {
    return Map.of("Sequence", Map.of("id", id, "type_id", 0));
  }

  private static Map<String, Object> specialRef(String id) {
    return Map.of("SpecialToken", Map.of("id", id, "type_id", 0));
  }
}
