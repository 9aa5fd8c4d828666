// The standard normal's cdf, log-cdf, inverse Mills ratio and quantile, shared by the model's
// predictive intervals and the taste fit's probit comparisons. Stable far into the tails (a
// comparison the model finds very surprising must still give a finite gradient).

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Complementary error function (Numerical Recipes erfcc; relative error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export function normCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

export function normLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

export function normLogCdf(x: number): number {
  if (x > -8) return Math.log(normCdf(x));
  // Asymptotic series: Phi(x) ~ phi(x)/(-x) * (1 - 1/x^2 + 3/x^4).
  const x2 = x * x;
  return normLogPdf(x) - Math.log(-x) + Math.log(1 - 1 / x2 + 3 / (x2 * x2));
}

/** phi(x) / Phi(x): the derivative of log Phi at x. */
export function millsRatio(x: number): number {
  if (x > -8) return Math.exp(normLogPdf(x)) / normCdf(x);
  const x2 = x * x;
  return -x / (1 - 1 / x2 + 3 / (x2 * x2));
}

/** Inverse cdf (Acklam's rational approximation, relative error ~1e-9). */
export function normQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
