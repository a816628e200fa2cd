package dev.earshot.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's steps numbered once for a call, branches included: its own steps first (0..n-1, as written), then, as
 * each numbered step is reached in that order, the steps of its branches ({@link Step#branches()}: an {@code expect}'s
 * {@code on:} cases and {@code else}, an {@code answers} step's answers). A step's number is what the call's events,
 * its clips and its judge call it, so the same scenario always numbers the same way.
 */
final class Program {
  private final List<Step> steps;
  /** For a step with branches: where each branch's steps start, and how many there are. */
  private final Map<Integer, int[][]> branches;
  private final int topLevel;

  private Program(List<Step> steps, Map<Integer, int[][]> branches, int topLevel) {
    this.steps = steps;
    this.branches = branches;
    this.topLevel = topLevel;
  }

  static Program of(Suite.Scenario scenario) {
    return of(scenario.steps());
  }

  static Program of(List<Step> top) {
    List<Step> flat = new ArrayList<>(top);
    Map<Integer, int[][]> starts = new HashMap<>();
    for (int i = 0; i < flat.size(); i++) { // grows as branches are numbered
      List<List<Step>> groups = flat.get(i).branches();
      if (groups.isEmpty()) continue;
      int[][] at = new int[groups.size()][];
      for (int g = 0; g < groups.size(); g++) {
        at[g] = new int[] {flat.size(), groups.get(g).size()};
        flat.addAll(groups.get(g));
      }
      starts.put(i, at);
    }
    return new Program(List.copyOf(flat), starts, top.size());
  }

  /** Every step, numbered. */
  List<Step> steps() {
    return steps;
  }

  Step get(int i) {
    return steps.get(i);
  }

  int size() {
    return steps.size();
  }

  /** How many of the steps are the scenario's own (the rest are in branches). */
  int topLevel() {
    return topLevel;
  }

  /** The first step of branch {@code g} of step {@code i}. */
  int branchStart(int i, int g) {
    return branches.get(i)[g][0];
  }

  /** How many steps branch {@code g} of step {@code i} has. */
  int branchSize(int i, int g) {
    return branches.get(i)[g][1];
  }
}
