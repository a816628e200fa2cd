package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaTest {
  private static final Personas BUILT_IN = Personas.builtIn();

  @Test
  void atLeastSixPersonasShipAndEachLoads() {
    assertTrue(BUILT_IN.all().size() >= 6, BUILT_IN.all().toString());
    assertEquals(Personas.BUILT_IN, BUILT_IN.all().stream().map(Persona::name).toList());
    for (Persona p : BUILT_IN.all()) assertTrue(!p.description().isBlank(), p.name());
  }

  @Test
  void aNumberIsMisreadByOneDigitThenCorrected() {
    for (long seed = 0; seed < 50; seed++) {
      String said = BUILT_IN.get("number-corrector").say("Send it to account 4512 today.", new SplittableRandom(seed)).spoken();
      var m = java.util.regex.Pattern.compile("Send it to account (\\d{4}), sorry, I mean 4512 today\\.").matcher(said);
      assertTrue(m.matches(), said);
      String wrong = m.group(1);
      int differ = 0;
      for (int i = 0; i < 4; i++) if (wrong.charAt(i) != "4512".charAt(i)) differ++;
      assertEquals(1, differ, said);
    }
    assertEquals("No number here.", Persona.misread("No number here.", new SplittableRandom(1)), "nothing to misread");
  }

  @Test
  void fillersAreSaidButNotPartOfTheReference() {
    Persona.Utterance u = BUILT_IN.get("hesitant").say("I would like to check my account balance please.", new SplittableRandom(3));
    assertEquals("I would like to check my account balance please.", u.reference());
    assertTrue(u.spoken().matches("(Um|Uh|Let me see|Well), I would like to, (um|uh|let me see|well), check my account balance please\\."), u.spoken());
  }

  @Test
  void theFrustratedCallerSaysItTwiceAndInterrupts() {
    Persona p = BUILT_IN.get("frustrated");
    Persona.Utterance u = p.say("Transfer money to savings", new SplittableRandom(1));
    assertEquals("Transfer money to savings. I said, transfer money to savings", u.spoken());
    assertEquals(u.spoken(), u.reference(), "both times were really said");
    assertEquals(800L, p.behaviour().interruptsAfterMs());
  }

  @Test
  void theSameSeedGivesTheSameWordsAndAnotherMayNot() {
    Persona p = BUILT_IN.get("hesitant");
    String text = "My card was stolen at the station this morning.";
    assertEquals(p.say(text, new SplittableRandom(9)), p.say(text, new SplittableRandom(9)));
    boolean differs = false;
    for (long s = 0; s < 20 && !differs; s++) differs = !p.say(text, new SplittableRandom(s)).equals(p.say(text, new SplittableRandom(9)));
    assertTrue(differs, "fillers are drawn from the seed");
  }

  @Test
  void aUserPersonaDirectoryAddsAndReplaces(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("shy.yaml"), "name: shy\ndescription: quiet\nspeaker:\n  - {type: tempo, factor: 0.9}\n");
    Personas all = Personas.withDirectory(dir);
    assertTrue(all.contains("shy") && all.contains("hesitant"));
  }

  @Test
  void aBadPersonaIsOneLineWithFileAndPlace() {
    SuiteException e = assertThrows(SuiteException.class,
        () -> Personas.parse("name: loud\nspeaker:\n  - {type: noise, snr_db: 10}\n".getBytes(StandardCharsets.UTF_8), "loud.yaml"));
    assertTrue(e.getMessage().startsWith("loud.yaml:") && e.getMessage().contains("expected a speaker stage"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    e = assertThrows(SuiteException.class,
        () -> Personas.parse("name: odd\nbehaviour: {fillers: [um], filler_rate: 2}\n".getBytes(StandardCharsets.UTF_8), "odd.yaml"));
    assertTrue(e.getMessage().startsWith("odd.yaml:2") && e.getMessage().contains("filler_rate: expected 0..1, found 2.0"), e.getMessage());
    e = assertThrows(SuiteException.class, () -> Personas.parse("name: x\nmood: angry\n".getBytes(StandardCharsets.UTF_8), "x.yaml"));
    assertTrue(e.getMessage().startsWith("x.yaml:2") && e.getMessage().contains("mood"), e.getMessage());
    assertNotEquals(null, BUILT_IN.get("cooperative"));
  }
}
