package dev.earshot.harness;

import java.util.List;

/** One call to place: a scenario under a profile, with its caller audio already rendered. */
record CallPlan(String id, Suite.Scenario scenario, String profile, long seed, List<CallerClip> clips) {
  CallPlan {
    clips = List.copyOf(clips);
    if (clips.size() != scenario.turns().size()) throw new IllegalArgumentException("one clip per turn expected");
  }
}
