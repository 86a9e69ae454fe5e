package io.swoop.sink.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.List;

/**
 * The run's report for people (CONTRACT §3): one self-contained HTML page, styles and charts
 * inline, nothing fetched, scripts forbidden by its Content-Security-Policy. First what a sales
 * leader asks (who swoops, did it help, do the reps get coached), then one section per manager.
 *
 * <p>The page is the jte templates under {@code src/main/jte/report}, compiled to Java at build
 * time, rendered from a {@link ReportView}. jte escapes every value it writes (HTML mode), so a
 * name such as {@code <img src=x onerror=…>} shows as text.
 *
 * <p>Every number on the page is marked up with where it comes from, so a test (or a doubtful
 * reader) can check it against the published tables: {@code <data value="v" data-table="t"
 * data-column="c" data-where="w" data-format="f">text</data>} (in a chart, a {@code <text>} with
 * {@code data-value} instead of {@code value}) means {@code SELECT c FROM t WHERE w} is {@code v}
 * (empty: null), shown as {@link Format} {@code f} writes it. The parts of an index carry {@code
 * data-part} and {@code data-manager} instead: they add up to that manager's index.
 */
public final class ReportPage {
  /**
   * The templates as the build compiled them, loaded by this class's own loader (under spark-submit
   * the application jar has its own, which the thread's context loader may not be).
   */
  private static final TemplateEngine TEMPLATES =
      TemplateEngine.createPrecompiled(null, ContentType.Html, ReportPage.class.getClassLoader());

  private ReportPage() {}

  /** The whole page, without the balance before matching. */
  public static String render(ReportData data) {
    return render(data, null);
  }

  /**
   * The whole page.
   *
   * @param beforeMatching the balance before matching (no table holds it), null when not computed
   */
  public static String render(ReportData data, List<BeforeMatching> beforeMatching) {
    StringOutput out = new StringOutput();
    TEMPLATES.render("report/page.jte", new ReportView(data, beforeMatching), out);
    return out.toString();
  }
}
