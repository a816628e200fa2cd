package dev.earshot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PassRateTest {
  @Test
  void wilsonIntervalsMatchPublishedValues() {
    // Wilson 95% for 7 of 10: 0.3968-0.8922; 0 of 3: 0-0.5615; 3 of 3: 0.4385-1
    PassRate r = new PassRate(7, 10);
    assertEquals(0.3968, r.low(), 1e-4);
    assertEquals(0.8922, r.high(), 1e-4);
    assertEquals(0, new PassRate(0, 3).low(), 1e-12);
    assertEquals(0.5615, new PassRate(0, 3).high(), 1e-4);
    assertEquals(0.4385, new PassRate(3, 3).low(), 1e-4);
    assertEquals(1, new PassRate(3, 3).high(), 1e-12);
    assertEquals("7/10 (95% CI 0.40-0.89)", r.toString());
  }

  @Test
  void oneFlakyTrialIsNotARegressionButACollapseIs() {
    assertFalse(new PassRate(2, 3).regressedFrom(new PassRate(3, 3)), "one of three trials failing");
    assertFalse(new PassRate(0, 3).regressedFrom(new PassRate(3, 3)), "three trials cannot separate 0/3 from 3/3 at 95%");
    assertTrue(new PassRate(1, 10).regressedFrom(new PassRate(10, 10)));
    assertFalse(new PassRate(10, 10).regressedFrom(new PassRate(1, 10)), "an improvement is not a regression");
  }
}
