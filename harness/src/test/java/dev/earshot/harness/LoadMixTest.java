package dev.earshot.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.harness.load.LoadCall;
import dev.earshot.harness.load.LoadGrades;
import dev.earshot.report.CallResult;
import dev.earshot.report.Failure;
import dev.earshot.report.Layer;
import dev.earshot.report.TurnResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which scenario each call of a graded load run plays, which calls are transcribed, and what the run counts of a call. */
class LoadMixTest {
  private static Suite.Scenario scenario(String name, Double weight, String call) {
    return new Suite.Scenario(name, "", List.of(new Suite.Turn("hello", null)), null, null, null, null, null, null, null, call, null, weight);
  }

  private static CallPlan plan(Suite.Scenario s, String profile, int trial) {
    return new CallPlan(s.name() + "--" + profile + "--t" + trial, s, profile, trial, s.name().hashCode() * 31L + profile.hashCode() + trial,
        java.util.Arrays.asList(new CallerClip[s.steps().size()]), null, Budgets.DEFAULTS, null, null, null, null, null);
  }

  private static List<CallPlan> plans(Suite.Scenario... scenarios) {
    List<CallPlan> all = new ArrayList<>();
    for (Suite.Scenario s : scenarios) for (String p : List.of("clean", "noisy")) for (int t = 1; t <= 2; t++) all.add(plan(s, p, t));
    return all;
  }

  @Test
  void callsAreDrawnByTheScenariosWeightsTheSameForTheSameSeed() {
    Suite.Scenario a = scenario("a", 3.0, null), b = scenario("b", 1.0, null), off = scenario("off", 0.0, null), in = scenario("in", 5.0, "inbound");
    LoadMix mix = new LoadMix(plans(a, b, off, in), 7);
    Map<String, Integer> drawn = new HashMap<>();
    for (int k = 0; k < 4000; k++) {
      CallPlan p = mix.call(k);
      drawn.merge(p.scenario().name(), 1, Integer::sum);
      drawn.merge(p.profile(), 1, Integer::sum);
      assertEquals(1, p.trial(), "a load call is a trial-1 plan: trials are a run's");
      assertEquals(String.format("load-%05d--%s--%s", k, p.scenario().name(), p.profile()), p.id());
    }
    assertNull(drawn.get("off"), "weight 0 is left out");
    assertNull(drawn.get("in"), "the agent places inbound calls: a load run does not");
    assertEquals(3.0, drawn.get("a") / (double) drawn.get("b"), 0.35, "3 : 1 " + drawn);
    assertEquals(1.0, drawn.get("clean") / (double) drawn.get("noisy"), 0.15, "a scenario's weight shared by its profiles " + drawn);
    LoadMix again = new LoadMix(plans(a, b, off, in), 7), other = new LoadMix(plans(a, b, off, in), 8);
    int differ = 0;
    for (int k = 0; k < 200; k++) {
      assertEquals(mix.call(k).id(), again.call(k).id());
      assertEquals(mix.call(k).seed(), again.call(k).seed());
      if (!mix.call(k).id().equals(other.call(k).id())) differ++;
    }
    assertTrue(differ > 20, "another seed draws otherwise: " + differ);
    assertTrue(mix.call(0).seed() != mix.call(4).seed() || !mix.call(0).id().substring(11).equals(mix.call(4).id().substring(11)), "each call's wire seeded apart");
  }

  @Test
  void aSuiteWithNothingToPlaceIsRefused() {
    SuiteException e = assertThrows(SuiteException.class, () -> new LoadMix(plans(scenario("in", 1.0, "inbound"), scenario("off", 0.0, null)), 1));
    assertTrue(e.getMessage().contains("outbound"), e.getMessage());
  }

  @Test
  void theTranscribedShareIsSpreadEvenlyOverThePlan() {
    for (double share : new double[] {0, 0.1, 0.25, 0.5, 1}) {
      int n = 0, firstHalf = 0;
      for (int k = 0; k < 1000; k++) {
        if (LoadMix.transcribed(k, share)) {
          n++;
          if (k < 500) firstHalf++;
        }
      }
      assertEquals(Math.round(1000 * share), n, "share " + share);
      assertEquals(n / 2, firstHalf, 1, "spread, not bunched: share " + share);
    }
    assertFalse(LoadMix.transcribed(0, 0.1));
    assertTrue(LoadMix.transcribed(9, 0.1));
  }

  private static CallResult result(String id, String scenario, Failure failure, Double... latencies) {
    List<TurnResult> turns = new ArrayList<>();
    for (Double l : latencies) {
      turns.add(TurnResult.builder().index(turns.size() + 1).said("x").passed(failure == null).latencyMs(l).transcribed(false)
          .failure(failure).build());
    }
    return CallResult.builder().id(id).scenario(scenario).profile("clean").setupMs(12.0)
        .status(latencies.length == 0 && failure != null ? CallResult.FAILED : CallResult.COMPLETED).failure(latencies.length == 0 ? failure : null) // a call with no turn to charge fails as a whole
        .rtp(new CallResult.RtpStats(100, 98, 0)).turns(turns).build();
  }

  @Test
  void aGradedCallIsCountedByItsFirstFailuresLayerAndItsTurns() {
    LoadCall ok = LoadMix.loadCall(3, result("load-00003--a--clean", "a", null, 600.0, 640.0), null, false, false, 40.0);
    assertTrue(ok.up());
    assertNull(ok.failure());
    assertEquals(List.of(600.0, 640.0), ok.grade().latencyMs());
    assertTrue(ok.grade().passed());
    assertFalse(ok.grade().transcribed());
    assertEquals("ok", ok.grade().audio());
    assertEquals(98, ok.packetsReceived());
    LoadCall slow = LoadMix.loadCall(4, result("load-00004--b--clean", "b", Failure.of(Layer.RESPONSE, Failure.Codes.MISSING_PHRASE, "its reply lacked [x]"), 900.0), null, false, false, 40.0);
    assertTrue(slow.up(), "its telephony held: the call was up, its grade failed");
    assertEquals("response", slow.grade().layer());
    LoadCall oneWay = LoadMix.loadCall(5, result("load-00005--a--clean", "a", Failure.of(Layer.TELEPHONY, Failure.Codes.ONE_WAY_AUDIO, "no audio from the agent")), null, false, false, 40.0);
    assertFalse(oneWay.up());
    assertTrue(oneWay.failure().startsWith("one_way_audio: "), oneWay.failure());
    assertEquals("one_way_audio", oneWay.grade().audio());
    LoadCall clipped = LoadMix.loadCall(6, result("load-00006--a--clean", "a", Failure.of(Layer.TELEPHONY, Failure.Codes.CLIPPED_AUDIO, "clipped audio: 90 of 400 frames")), null, false, false, 40.0);
    assertEquals("clipped_audio", clipped.grade().audio(), "clipping is audio health too");

    LoadGrades g = LoadGrades.of(List.of(ok, slow, oneWay, clipped));
    assertEquals(4, g.calls());
    assertEquals(1, g.passed());
    assertEquals(Map.of("response", 1, "telephony", 2), g.failedByLayer());
    assertEquals(Map.of("one_way_audio", 1, "clipped_audio", 1), g.audioProblems());
    assertEquals(3, g.timedTurns());
    assertEquals(640.0, g.latencyP50Ms(), 1); // HdrHistogram, 3 significant digits
    assertEquals(900.0, g.latencyMaxMs(), 1);
    assertEquals(3, g.byScenario().get("a").calls());
    assertEquals(0, g.transcribed());
    assertNull(LoadGrades.of(List.of()), "a plain load run has no grades");
  }
}
