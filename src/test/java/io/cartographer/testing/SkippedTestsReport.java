package io.cartographer.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists every test that did not run, with its reason, once the suite has ended: a test skipped
 * for a missing system package (Chromium, kubectl, tmpfs mounts) must be seen in the build's
 * output, not only counted. Registered for the JUnit Platform in {@code META-INF/services}.
 */
public final class SkippedTestsReport implements TestExecutionListener {

  private final List<String> skipped = new ArrayList<>();

  @Override
  public void executionSkipped(TestIdentifier test, String reason) {
    skipped.add(name(test) + ": " + reason);
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
      String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
      skipped.add(name(test) + ": " + reason);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan plan) {
    if (skipped.isEmpty()) {
      return;
    }
    System.out.println("SKIPPED: " + skipped.size() + " test(s) did not run here:");
    skipped.forEach(line -> System.out.println("SKIPPED:   " + line));
  }

  private static String name(TestIdentifier test) {
    String id = test.getUniqueId();
    int cls = id.indexOf("[class:");
    String owner = cls < 0 ? "" : id.substring(cls + 7, id.indexOf(']', cls)) + ".";
    return owner.substring(owner.lastIndexOf('.', owner.length() - 2) + 1) + test.getDisplayName();
  }
}
