package io.cartographer.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cartographer.plan.LoadSettings;
import io.cartographer.plan.LoadStage;
import io.cartographer.testing.TestVariants;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of a staged load: send times that follow the ramp, and connections that follow it. */
class RampScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  private static LoadSettings open(double from, LoadStage... stages) {
    return TestVariants.open(from, Duration.ofSeconds(1), 64, 0, Duration.ofSeconds(2), 1024).withStages(List.of(stages));
  }

  private static LoadStage stage(long millis, double target) {
    return new LoadStage(Duration.ofMillis(millis), target, true);
  }

  @Test
  void aRateRampSendsWhatItsAreaSaysEachSecondAndInAll() {
    RampSchedule ramp = RampSchedule.of(open(100, stage(5000, 1000)));
    assertEquals(2750, ramp.requests(), "(100 + 1000) / 2 × 5 s");
    long[] perSecond = new long[5];
    long previous = -1;
    for (long i = 0; i < ramp.requests(); i++) {
      long at = ramp.offsetNanos(i);
      assertTrue(at >= previous, "in order: request " + i);
      assertTrue(at < 5 * SECOND, "within the stage: request " + i + " at " + at);
      perSecond[(int) (at / SECOND)]++;
      previous = at;
    }
    // r(t) = 100 + 180 t: second s holds 100 + 180 (s + 1/2) requests
    long[] expected = {190, 370, 550, 730, 910};
    for (int s = 0; s < 5; s++) {
      assertTrue(Math.abs(perSecond[s] - expected[s]) <= 1, "second " + s + ": " + perSecond[s]);
    }
    assertEquals(0, ramp.offsetNanos(0));
  }

  @Test
  void aHoldIsTheConstantRateAndARampFromNothingStartsAtOnce() {
    RampSchedule hold = RampSchedule.of(open(200, stage(2000, 200)));
    assertEquals(400, hold.requests());
    for (long i = 0; i < 400; i += 37) {
      assertEquals(i * SECOND / 200, hold.offsetNanos(i), 1000, "request " + i + " at i / rate");
    }
    RampSchedule up = RampSchedule.of(open(0, stage(2000, 100), stage(1000, 0)));
    assertEquals(150, up.requests(), "100 in the ramp up, 50 in the ramp down");
    assertEquals(0, up.offsetNanos(0));
    // the area to t is 25 t² up to 2 s: request 25 at 1 s, request 100 at 2 s
    assertEquals(SECOND, up.offsetNanos(25), 1_000_000);
    assertEquals(2 * SECOND, up.offsetNanos(100), 1_000_000);
    assertTrue(up.offsetNanos(149) < 3 * SECOND && up.offsetNanos(149) > 2 * SECOND);
  }

  @Test
  void unmeasuredStagesAreLeftOutOfTheMeasuredFigures() {
    RampSchedule ramp = RampSchedule.of(open(200,
        new LoadStage(Duration.ofSeconds(1), 200, false), stage(1000, 200), new LoadStage(Duration.ofMillis(500), 0, false)));
    assertEquals(450, ramp.requests());
    assertEquals(200, ramp.measuredRequests());
    assertEquals(1500 * 1_000_000L, ramp.unmeasuredNanos());
    assertTrue(!ramp.measuredAt(SECOND / 2) && ramp.measuredAt(SECOND * 3 / 2) && !ramp.measuredAt(SECOND * 9 / 4));
    assertEquals(0, ramp.stageAt(0));
    assertEquals(2, ramp.stageAt(10 * SECOND), "the last stage from its end on");
  }

  @Test
  void connectionsJoinAndLeaveAsTheRampCrossesThem() {
    LoadSettings closed = TestVariants.closed(1, null, Duration.ofSeconds(1), 0, Duration.ofSeconds(2), 1024)
        .withStages(List.of(stage(9000, 10), stage(1000, 10), stage(5000, 0)));
    RampSchedule ramp = RampSchedule.of(closed);
    assertEquals(10, closed.peakConcurrency());
    assertEquals(1.0, ramp.valueAt(0), 1e-9);
    assertEquals(5.5, ramp.valueAt(SECOND * 9 / 2), 1e-9);
    assertEquals(0, ramp.activeFrom(0, 0), "the first connection from the start");
    // connection 5 (the sixth) joins when the value reaches 5.5: at 4.5 s
    assertEquals(SECOND * 9 / 2, ramp.activeFrom(5, 0), 1000);
    assertEquals(SECOND * 12, ramp.activeFrom(5, SECOND * 12), "still in the load at 12 s (value 6.0)");
    // once the ramp down has passed it, it never comes back
    assertEquals(-1, ramp.activeFrom(5, SECOND * 14));
    assertEquals(-1, ramp.activeFrom(10, 0), "an eleventh connection never joins");
  }
}
