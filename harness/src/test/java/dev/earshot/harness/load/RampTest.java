package dev.earshot.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RampTest {
  @Test
  void linearBetweenPointsHeldAfterTheLastWithStepsAtEqualTimes() {
    Ramp r = Ramp.parse("0:0, 60:400");
    assertEquals(0, r.at(0));
    assertEquals(200, r.at(30));
    assertEquals(399, r.at(59.99));
    assertEquals(400, r.at(60));
    assertEquals(400, r.at(1000));
    assertEquals(60, r.end());
    Ramp steps = Ramp.parse("0:100,60:100,60:200,120:200");
    assertEquals(100, steps.at(59.9));
    assertEquals(200, steps.at(60), "at a step, the later point from its time on");
    assertEquals(200, steps.peak());
    assertEquals("0:100,60:100,60:200,120:200", steps.toString());
    assertEquals(Ramp.constant(250), Ramp.parse("250"));
    assertEquals(0, Ramp.parse("10:50").at(9.9), "before the first point, nothing");
  }

  @Test
  void shardsSplitTheTargetExactly() {
    Ramp r = Ramp.parse("0:0,100:1000");
    for (double t = 0; t <= 100; t += 0.7) {
      int sum = 0;
      for (int shard = 0; shard < 3; shard++) sum += r.at(t, shard, 3);
      assertEquals(r.at(t), sum, "t=" + t);
    }
  }

  @Test
  void badRampsSayWhatWasExpected() {
    assertEquals("point 2 'sixty:400': expected T:CALLS (seconds into the run, calls at once), e.g. 0:0,60:400",
        assertThrows(IllegalArgumentException.class, () -> Ramp.parse("0:0,sixty:400")).getMessage());
    assertEquals("point 2 (10:5) is before point 1 (20:10): expected times in order",
        assertThrows(IllegalArgumentException.class, () -> Ramp.parse("20:10,10:5")).getMessage());
    assertEquals("point 1: expected T >= 0 s and 0 <= CALLS <= 5000, found 0:6000",
        assertThrows(IllegalArgumentException.class, () -> Ramp.parse("0:6000")).getMessage());
    assertEquals("every point is 0 calls: expected calls to place", assertThrows(IllegalArgumentException.class, () -> Ramp.parse("0:0,10:0")).getMessage());
    assertEquals("point 1 '': expected T:CALLS (seconds into the run, calls at once), e.g. 0:0,60:400",
        assertThrows(IllegalArgumentException.class, () -> Ramp.parse("")).getMessage());
  }
}
