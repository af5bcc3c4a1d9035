package org.instructsynth.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Renders reports in a real browser: headless Chromium loads the page (with its Content-Security-Policy),
 * prints the DOM it built and takes a screenshot. Skips, saying so, when {@code chromium} is not on the PATH
 * ({@code apt-get install chromium} on Debian).
 */
class ReportBrowserTest {

  private static Path chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static String run(Path chromium, Path outDir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + outDir.resolve("chromium-profile")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(outDir.resolve("chromium.log").toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as("chromium exit status (see target/browser/chromium.log)").isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void aNightThatKeptNothingRendersInChromiumWithAlertsFirst() throws Exception {
    Path chromium = chromium();
    assumeTrue(chromium != null, "chromium is not on the PATH: the browser rendering test is skipped "
        + "(apt-get install -y chromium to run it)");
    Path out = Files.createDirectories(Path.of("target", "browser").toAbsolutePath());
    Path page = out.resolve("report-zero-kept.html");
    Files.writeString(page, HtmlReport.render(HtmlReportTest.zeroKept()), StandardCharsets.UTF_8);

    String dom = run(chromium, out, "--dump-dom", page.toUri().toString());
    assertThat(dom).contains("<h2>Alerts</h2>").contains("Stage post-filter kept 0 of 100 rows");
    assertThat(dom.indexOf("<h2>Alerts</h2>")).isLessThan(dom.indexOf("<h2>Funnel</h2>"));
    // the full drop label, not a cut one, is in the chart the browser built
    assertThat(dom).contains("post-filter · instruction_too_short</tspan>");

    Path png = out.resolve("report-zero-kept.png");
    Files.deleteIfExists(png);
    run(chromium, out, "--screenshot=" + png, "--window-size=1280,2400", "--hide-scrollbars", page.toUri().toString());
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).as("screenshot size").isGreaterThan(20_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }
}
