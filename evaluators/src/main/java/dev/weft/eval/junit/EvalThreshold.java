package dev.weft.eval.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A threshold on one score of the evaluation a test records: set {@code mean}, {@code passRate} or
 * both. The test fails, with a table, when the recorded evaluation falls short.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(EvalThresholds.class)
public @interface EvalThreshold {

  /** The score name, e.g. {@code token_f1}. */
  String score();

  /** Lowest acceptable mean (unset: not checked). */
  double mean() default Double.NaN;

  /** Lowest acceptable pass rate (unset: not checked). */
  double passRate() default Double.NaN;

  /** Lowest acceptable lower end of the 95% CI of the mean (unset: not checked). */
  double ciLow() default Double.NaN;
}
