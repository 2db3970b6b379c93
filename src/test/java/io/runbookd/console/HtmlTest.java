package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void textAndAttributesAreEscaped() {
    String hostile = "<img src=x onerror=alert(1)> \"quoted\" 'single' & more";

    String html = new Html().el("p", hostile, "title", hostile).toString();

    assertThat(html).isEqualTo("<p title=\"&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39;"
        + " &amp; more\">&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp; more</p>");
  }

  @Test
  void onlyWebAddressesAndOwnPathsBecomeLinks() {
    assertThat(Html.safeHref("https://prometheus.example.com/graph?g0.expr=up")).isPresent();
    assertThat(Html.safeHref("http://127.0.0.1:9090/graph")).isPresent();
    assertThat(Html.safeHref("/console/incidents/inc-1")).isPresent();
    assertThat(Html.safeHref("#main")).isPresent();

    assertThat(Html.safeHref("javascript:alert(1)")).isEmpty();
    assertThat(Html.safeHref("JaVaScRiPt:alert(1)")).isEmpty();
    assertThat(Html.safeHref(" javascript:alert(1)")).isEmpty();
    assertThat(Html.safeHref("data:text/html,<script>alert(1)</script>")).isEmpty();
    assertThat(Html.safeHref("//evil.example.com/")).isEmpty();
    assertThat(Html.safeHref("/\\evil.example.com")).isEmpty();
    assertThat(Html.safeHref("#\"><script>")).isEmpty();
    assertThat(Html.safeHref("")).isEmpty();
    assertThat(Html.safeHref(null)).isEmpty();
    assertThat(new Html().link("javascript:alert(1)", "x").toString()).isEqualTo("x");
  }
}
