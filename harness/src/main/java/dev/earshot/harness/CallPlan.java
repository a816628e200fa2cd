package dev.earshot.harness;

import dev.earshot.audio.profile.Network;
import java.util.List;

/**
 * One call to place: a scenario under a profile, with its caller audio already rendered, and what the path
 * does to the packets sent (the scenario's {@code network:} or else the profile's; null for a perfect path).
 */
record CallPlan(String id, Suite.Scenario scenario, String profile, long seed, List<CallerClip> clips, Network network) {
  CallPlan {
    clips = List.copyOf(clips);
    if (clips.size() != scenario.turns().size()) throw new IllegalArgumentException("one clip per turn expected");
  }
}
