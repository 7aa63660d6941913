package io.previs.qccore.report;

import java.util.List;

/**
 * An expectation the shot's prompt set, and what it changed: shown in the report so a director sees
 * why a flash was accepted or the face checks did not run.
 *
 * @param name {@code flashes}, {@code still}, {@code fastMotion} or {@code noPeople}
 * @param term the words of the prompt that set it
 * @param checks the checks it relaxed (their findings are info, recorded but not held against the
 *     clip), or for {@code still}, the motion the clip need not have
 */
public record Expectation(String name, String term, List<String> checks) {

  public Expectation {
    checks = List.copyOf(checks);
  }
}
