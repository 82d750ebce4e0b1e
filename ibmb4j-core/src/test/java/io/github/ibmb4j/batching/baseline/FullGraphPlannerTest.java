package io.github.ibmb4j.batching.baseline;

import io.github.ibmb4j.batching.BatchPlanner;
import io.github.ibmb4j.batching.PlannerContractTest;

class FullGraphPlannerTest extends PlannerContractTest {
  @Override
  protected BatchPlanner planner(long seed) {
    return new FullGraphPlanner();
  }
}
