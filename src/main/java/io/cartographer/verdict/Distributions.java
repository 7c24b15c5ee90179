package io.cartographer.verdict;

/**
 * The distribution functions the verdicts need: normal, Student's t and binomial, from the
 * regularized incomplete beta function. Pure functions, accurate to about 1e-10 (t, beta) and
 * 1e-9 relative (normal quantile), in the tails too, where the p-values of a multiple-testing
 * correction live.
 */
public final class Distributions {

  private static final int MAX_CONTINUED_FRACTION_ITERATIONS = 10_000;
  private static final double CONTINUED_FRACTION_EPSILON = 1e-15;
  private static final double TINY = 1e-300;
  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private Distributions() {}

  /** {@code P(Z <= z)} for a standard normal {@code Z}, with relative precision in both tails. */
  public static double normalCdf(double z) {
    if (Double.isNaN(z)) {
      throw new IllegalArgumentException("z = NaN");
    }
    return z < 0 ? 0.5 * erfc(-z / Math.sqrt(2)) : 1 - 0.5 * erfc(z / Math.sqrt(2));
  }

  /** {@code P(Z > z)}, without the cancellation of {@code 1 - normalCdf(z)} for large {@code z}. */
  public static double normalUpperTail(double z) {
    return normalCdf(-z);
  }

  /**
   * The {@code p} quantile of the standard normal, {@code 0 < p < 1}: Acklam's rational
   * approximation refined by one Halley step.
   */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p = " + p + " is not in (0, 1)");
    }
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
      double q = Math.sqrt(-2 * Math.log(p));
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
      double q = p - 0.5;
      double r = q * q;
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
          / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double e = normalCdf(x) - p;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /** {@code P(T > t)} for Student's t with {@code degreesOfFreedom > 0}. */
  public static double studentUpperTail(double t, double degreesOfFreedom) {
    double tail = studentTwoSidedPValue(t, degreesOfFreedom) / 2;
    return t > 0 ? tail : 1 - tail;
  }

  /** The {@code p} quantile of Student's t, {@code 0 < p < 1}, by bisection of the CDF. */
  public static double studentTQuantile(double p, double degreesOfFreedom) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p = " + p + " is not in (0, 1)");
    }
    double low = -1;
    double high = 1;
    while (studentTCdf(low, degreesOfFreedom) > p) {
      low *= 2;
    }
    while (studentTCdf(high, degreesOfFreedom) < p) {
      high *= 2;
    }
    for (int i = 0; i < 200 && high - low > 1e-12 * Math.max(1, Math.abs(low)); i++) {
      double middle = (low + high) / 2;
      if (studentTCdf(middle, degreesOfFreedom) < p) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return (low + high) / 2;
  }

  /** {@code P(B <= k)} for {@code B ~ Binomial(n, p)}. */
  public static double binomialCdf(long k, long n, double p) {
    if (k < 0) {
      return 0;
    }
    if (k >= n) {
      return 1;
    }
    return regularizedIncompleteBeta(1 - p, p, n - k, k + 1);
  }

  /** {@code P(|T| >= |t|)} for Student's t with {@code degreesOfFreedom > 0}. */
  public static double studentTwoSidedPValue(double t, double degreesOfFreedom) {
    if (Double.isNaN(t) || !(degreesOfFreedom > 0)) {
      throw new IllegalArgumentException("t = " + t + ", degreesOfFreedom = " + degreesOfFreedom);
    }
    double tSquared = t * t;
    if (Double.isInfinite(tSquared)) {
      return 0.0;
    }
    double denominator = degreesOfFreedom + tSquared;
    return regularizedIncompleteBeta(
        degreesOfFreedom / denominator, tSquared / denominator, degreesOfFreedom / 2, 0.5);
  }

  /** Student's t cumulative distribution function {@code P(T <= t)}. */
  public static double studentTCdf(double t, double degreesOfFreedom) {
    double tail = studentTwoSidedPValue(t, degreesOfFreedom) / 2;
    return t > 0 ? 1.0 - tail : tail;
  }

  /**
   * {@code I_x(a, b)}, taking {@code 1 - x} separately so that it keeps its precision when
   * {@code x} is close to 1. Numerical Recipes' {@code betai}.
   */
  public static double regularizedIncompleteBeta(double x, double oneMinusX, double a, double b) {
    if (x <= 0) {
      return 0.0;
    }
    if (oneMinusX <= 0) {
      return 1.0;
    }
    double logFront =
        logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(oneMinusX);
    // The continued fraction converges quickly only below this point; use the symmetry above it.
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(logFront) * betaContinuedFraction(x, a, b) / a;
    }
    return 1.0 - Math.exp(logFront) * betaContinuedFraction(oneMinusX, b, a) / b;
  }

  /** Modified Lentz evaluation of the incomplete beta continued fraction (Numerical Recipes). */
  private static double betaContinuedFraction(double x, double a, double b) {
    double sum = a + b;
    double aPlusOne = a + 1;
    double aMinusOne = a - 1;
    double c = 1.0;
    double d = nonZero(1.0 - sum * x / aPlusOne);
    d = 1.0 / d;
    double result = d;
    for (int m = 1; m <= MAX_CONTINUED_FRACTION_ITERATIONS; m++) {
      int twoM = 2 * m;
      double even = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM));
      d = 1.0 / nonZero(1.0 + even * d);
      c = nonZero(1.0 + even / c);
      result *= d * c;
      double odd = -(a + m) * (sum + m) * x / ((a + twoM) * (aPlusOne + twoM));
      d = 1.0 / nonZero(1.0 + odd * d);
      c = nonZero(1.0 + odd / c);
      double delta = d * c;
      result *= delta;
      if (Math.abs(delta - 1.0) < CONTINUED_FRACTION_EPSILON) {
        break;
      }
    }
    return result;
  }

  private static double nonZero(double value) {
    return Math.abs(value) < TINY ? TINY : value;
  }

  /** ln Gamma(x) for x > 0: Lanczos (g = 7, 9 terms), reflection below 1/2; ~1e-15 relative. */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double shifted = x - 1;
    double series = LANCZOS[0];
    for (int i = 1; i < LANCZOS.length; i++) {
      series += LANCZOS[i] / (shifted + i);
    }
    double t = shifted + 7.5;
    return HALF_LOG_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
  }

  /**
   * The complementary error function with fractional error below 1.2e-7 everywhere (Numerical
   * Recipes' {@code erfcc}, a Chebyshev fit), so that tail probabilities keep their precision.
   */
  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
