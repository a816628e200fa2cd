package dev.earshot.audio.profile;

/**
 * A value a YAML-bound record refuses, naming the field it came from ({@code trials}, {@code headers.X-Foo}) apart
 * from the problem, so a loader can point at that field's own line instead of the end of the record.
 * The message is still {@code field: problem} for code that only prints it.
 */
public final class InvalidField extends IllegalArgumentException {
  private final String field;
  private final String problem;

  public InvalidField(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The field's path inside the record that threw, dotted: {@code network.loss}, {@code steps[2]}. */
  public String field() {
    return field;
  }

  /** What was expected and what was found, without the field's name. */
  public String problem() {
    return problem;
  }
}
