package dev.earshot.harness;

import dev.earshot.audio.profile.InvalidField;
import dev.earshot.audio.profile.DegradationProfile;
import dev.earshot.audio.profile.Stage;
import dev.earshot.audio.profile.Voice;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named caller: who speaks (a voice), how (speaker stages, as in a profile: tempo, pitch, formant,
 * hesitation, stutter) and how they behave (fillers, saying it twice, misreading a number then correcting it,
 * not waiting for the agent to finish). A suite crosses its scenarios with its personas; a step may name
 * another. Every choice is drawn from the utterance's seed.
 *
 * @param name identifies the persona in suites, call ids and reports
 * @param voice the TTS voice; absent: the suite's default. A profile with its own voice (an accent) wins.
 * @param speaker speaker stages applied to the synthesized words before the profile's chain
 * @param behaviour what the caller does besides speaking plainly
 * @param caller who the persona calls as (a known customer's number and name, or anonymous), or null
 */
public record Persona(String name, String description, Voice voice, List<Stage> speaker, Behaviour behaviour, Caller caller) {
  private static final Pattern NUMBER = Pattern.compile("\\d{2,}");

  public Persona {
    if (name == null || !name.matches("[a-z0-9][a-z0-9_-]*")) {
      throw new InvalidField("name", "expected lower-case letters, digits, '-' or '_', found '" + name + "'");
    }
    description = description == null ? "" : description;
    speaker = speaker == null ? List.of() : List.copyOf(speaker);
    for (int i = 0; i < speaker.size(); i++) {
      if (!DegradationProfile.isSpeaker(speaker.get(i))) {
        throw new InvalidField("speaker[" + i + "]", "expected a speaker stage (pitch, tempo, formant, hesitation or stutter)");
      }
    }
    behaviour = behaviour == null ? Behaviour.PLAIN : behaviour;
  }

  /**
   * How a persona behaves.
   *
   * @param fillers words it hesitates with ({@code um}, {@code let me see}); said, but not part of the
   *     reference the agent's transcript is scored against
   * @param fillerRate chance (0..1) that an utterance starts with a filler; a long one (6+ words) then also
   *     gets one in the middle
   * @param repeats says each utterance twice: "X. I said, X." (the frustrated caller)
   * @param misreadsNumbers reads the first number of two or more digits with one digit wrong, then corrects it:
   *     "4517, sorry, I mean 4512"
   * @param interruptsAfterMs does not wait for the agent to finish: starts this many ms into the agent's
   *     current utterance (at once when the agent is silent); absent: waits for the agent to finish
   */
  public record Behaviour(List<String> fillers, Double fillerRate, Boolean repeats, Boolean misreadsNumbers, Long interruptsAfterMs) {
    static final Behaviour PLAIN = new Behaviour(null, null, null, null, null);

    public Behaviour {
      fillers = fillers == null ? List.of() : List.copyOf(fillers);
      fillerRate = fillerRate == null ? (fillers.isEmpty() ? 0.0 : 1.0) : fillerRate;
      if (!(fillerRate >= 0 && fillerRate <= 1)) throw new InvalidField("filler_rate", "expected 0..1, found " + fillerRate);
      if (fillerRate > 0 && fillers.isEmpty()) throw new InvalidField("fillers", "expected at least one filler for filler_rate " + fillerRate);
      for (String f : fillers) if (f == null || f.isBlank()) throw new InvalidField("fillers", "expected words, found a blank one");
      repeats = repeats != null && repeats;
      misreadsNumbers = misreadsNumbers != null && misreadsNumbers;
      if (interruptsAfterMs != null && (interruptsAfterMs < 0 || interruptsAfterMs > 60_000)) {
        throw new InvalidField("interrupts_after_ms", "expected 0..60000, found " + interruptsAfterMs);
      }
    }
  }

  /** What the persona says for {@code text} ({@code spoken}), and the words of it an agent should hear ({@code reference}). */
  public record Utterance(String spoken, String reference) {}

  /** The persona's way of saying {@code text}; the same text and random stream give the same words. */
  public Utterance say(String text, SplittableRandom random) {
    String words = text.strip();
    if (behaviour.misreadsNumbers()) words = misread(words, random);
    if (behaviour.repeats()) words = sentence(words) + " I said, " + lowerFirst(words);
    String reference = words;
    if (!behaviour.fillers().isEmpty() && random.nextDouble() < behaviour.fillerRate()) {
      List<String> fs = behaviour.fillers();
      String[] w = words.split(" ");
      String start = fs.get(random.nextInt(fs.size()));
      if (w.length >= 6) {
        int mid = w.length / 2;
        String middle = fs.get(random.nextInt(fs.size()));
        words = String.join(" ", List.of(w).subList(0, mid)) + ", " + middle + ", " + String.join(" ", List.of(w).subList(mid, w.length));
      }
      words = capitalize(start) + ", " + lowerFirst(words);
    }
    return new Utterance(words, reference);
  }

  /** The first number of two or more digits said with one digit wrong, then corrected; unchanged without one. */
  static String misread(String text, SplittableRandom random) {
    Matcher m = NUMBER.matcher(text);
    if (!m.find()) return text;
    String number = m.group();
    int at = random.nextInt(number.length());
    int digit = number.charAt(at) - '0';
    char wrong = (char) ('0' + (digit + 1 + random.nextInt(9)) % 10);
    String misread = number.substring(0, at) + wrong + number.substring(at + 1);
    return text.substring(0, m.start()) + misread + ", sorry, I mean " + number + text.substring(m.end());
  }

  private static String sentence(String s) {
    return s.matches(".*[.!?]$") ? s : s + ".";
  }

  /** The first letter in lower case, unless the first word is "I" or all capitals (a name, an acronym). */
  private static String lowerFirst(String s) {
    String first = s.split("[ ,.]", 2)[0];
    return first.equals(first.toUpperCase(java.util.Locale.ROOT)) ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
