package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the running platform: the key prompt, a form error, a small
 * shapes training submitted through the form with its progress bar moving to SUCCEEDED (live, without a reload), then
 * "generate from this model" and the grid and GIF shown; and a running job cancelled from the list once the
 * confirmation is accepted. Skipped only when this machine has no Chromium;
 * {@code .ci/run} installs it. With {@code -Ddashboard.screenshots=docs/img} (a path relative to e2e/, e.g.
 * {@code ../docs/img}) it saves the screenshots the README shows.
 */
class DashboardIT extends PlatformTestBase {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private Browser browser;
    private WebDriver driver;

    @BeforeEach
    void openBrowser() {
        assumeTrue(Browser.chromium().isPresent(), "no chromium on this machine (apt-get install -y chromium chromium-driver)");
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aShapesModelIsTrainedAndSampledThroughTheDashboardAlone() {
        signIn();

        open("#/train");
        WebElement steps = field("steps");
        steps.clear();
        steps.sendKeys("0");
        click(By.id("submit-training"));
        WebElement stepsError = within(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".field[data-field='steps'] .field-error")));
        assertThat(stepsError.getText()).contains("between 1 and");
        assertThat(field("steps").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.getCurrentUrl()).endsWith("#/train");

        fillTraining();
        click(By.id("submit-training"));
        UUID training = awaitJobPage();
        api.adopt(training);
        List<Double> seen = awaitStatusWatchingProgress("SUCCEEDED");
        assertThat(seen).as("progress values the bar showed while the job ran").anyMatch(v -> v > 0 && v < 1);
        assertThat(marker()).as("the page was not reloaded: the progress came from the event stream").isTrue();
        within(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector(".curves svg")).isEmpty()
                && !d.findElements(By.id("preview-slider")).isEmpty());
        within(Duration.ofSeconds(30)).until(d -> imageWidth("#forward-diffusion") > 0);
        within(Duration.ofSeconds(30)).until(d -> String.valueOf(script("return document.querySelector('.timeline')"
                + "?.textContent ?? ''")).contains("running → succeeded"));
        browser.fullPageScreenshot("dashboard-job", 1800);

        click(By.linkText("Generate from this model"));
        WebElement model = within(Duration.ofSeconds(20)).until(d -> {
            WebElement select = d.findElement(By.id("f-modelId"));
            return select.getAttribute("value").isEmpty() ? null : select;
        });
        assertThat(new Select(model).getFirstSelectedOption().getText()).contains("shapes");
        type("steps", browser.savesScreenshots() ? "25" : "10");
        type("numImages", browser.savesScreenshots() ? "16" : "8");
        type("seed", "3");
        browser.screenshot("dashboard-generate");
        click(By.id("submit-generation"));
        UUID generation = awaitJobPage();
        api.adopt(generation);

        // the list follows the open job through its own event stream
        open("#/jobs");
        By row = By.cssSelector("tr[data-job='" + generation + "'] [data-status]");
        within(JOB_TIMEOUT).until(d -> "SUCCEEDED".equals(statusOf("tr[data-job='" + generation + "'] [data-status]")));
        assertThat(driver.findElement(row).getText()).contains("Succeeded");
        assertThat(marker()).as("the list was not reloaded").isTrue();
        browser.screenshot("dashboard-jobs");

        click(By.cssSelector("tr[data-job='" + generation + "'] a"));
        within(Duration.ofSeconds(30)).until(d -> imageWidth("#result-grid") > 0 && imageWidth("#result-gif") > 0);
        assertThat(driver.findElement(By.id("result-gif")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("result-grid")).isDisplayed()).isTrue();
        browser.fullPageScreenshot("dashboard-generation", 1400);

        open("#/models");
        String thumbnail = "article[data-model='" + api.job(training).get("modelId").asText() + "'] img";
        within(Duration.ofSeconds(20)).until(d -> imageWidth(thumbnail) > 0);
        browser.screenshot("dashboard-models");

        browser.phone();
        open("#/jobs");
        within(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("tr[data-job]")).isEmpty());
        assertThat(script("return window.innerWidth")).isEqualTo(390L);
        assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at phone width").isEqualTo(true);
        browser.screenshot("dashboard-phone");
        open("#/jobs/" + training);
        within(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(".curves svg")).isEmpty());
        assertThat(script("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling of a job page at phone width").isEqualTo(true);
    }

    @Test
    void anOpenJobIsCancelledFromTheListAfterConfirming() {
        UUID endless = api.submitTraining(Specs.endlessTraining());
        signIn();
        String status = "tr[data-job='" + endless + "'] [data-status]";
        within(Duration.ofSeconds(60)).until(d -> "RUNNING".equals(statusOf(status)));

        click(By.cssSelector("tr[data-job='" + endless + "'] button.danger"));
        within(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(api.job(endless).get("status").asText()).as("not cancelled without a yes").isEqualTo("RUNNING");
        click(By.cssSelector("tr[data-job='" + endless + "'] button.danger"));
        within(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();

        within(Duration.ofSeconds(60)).until(d -> "CANCELLED".equals(statusOf(status)));
        assertThat(driver.findElements(By.cssSelector("tr[data-job='" + endless + "'] button.danger"))).isEmpty();
        assertThat(marker()).as("the list was not reloaded").isTrue();
    }

    private String statusOf(String selector) {
        return String.valueOf(script("const s = document.querySelector(arguments[0]); return s ? s.dataset.status : ''",
                selector));
    }

    /** Opens the dashboard, is asked for a key, gives it; the key stays in sessionStorage. */
    private void signIn() {
        driver.get(api.baseUrl() + "/");
        WebElement key = within(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.sendKeys(api.apiKey());
        click(By.cssSelector(".key-form button[type='submit']"));
        within(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "default"));
        assertThat(script("return sessionStorage.getItem('diffusion.apiKey')")).isEqualTo(api.apiKey());
        script("window.dashboardTestMarker = true");
    }

    /** The preset "quick look" as it is for screenshots; else a smaller network that trains in seconds. */
    private void fillTraining() {
        if (browser.savesScreenshots()) {
            type("steps", "400");
            browser.screenshot("dashboard-train");
            return;
        }
        type("dataset", "shapes");
        type("steps", "120");
        type("batchSize", "8");
        type("model.baseChannels", "8");
        type("model.numClasses", "4");
        type("seed", "11");
        driver.findElement(By.cssSelector("details.advanced summary")).click();
        type("schedule.timesteps", "50");
        type("checkpointEvery", "60");
        type("previewEvery", "40");
        browser.screenshot("dashboard-train");
    }

    private UUID awaitJobPage() {
        within(Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches("#/jobs/[0-9a-f-]{36}$"));
        String url = driver.getCurrentUrl();
        return UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
    }

    /** Waits for the status on the job page, noting the progress bar's values meanwhile. */
    private List<Double> awaitStatusWatchingProgress(String status) {
        List<Double> seen = new ArrayList<>();
        within(JOB_TIMEOUT).pollingEvery(Duration.ofMillis(100)).until(d -> {
            // one script reads both: the page re-renders its header while the job changes
            List<?> state = (List<?>) script("const p = document.querySelector('.job-header + div progress');"
                    + " const s = document.querySelector('.job-header [data-status]');"
                    + " return [p ? p.value : null, s ? s.dataset.status : ''];");
            if (state.get(0) instanceof Number n) {
                seen.add(n.doubleValue());
            }
            String now = String.valueOf(state.get(1));
            assertThat(now).as("job status").isNotIn("FAILED", "CANCELLED");
            return status.equals(now);
        });
        return seen;
    }

    private boolean marker() {
        return Boolean.TRUE.equals(script("return window.dashboardTestMarker === true"));
    }

    /** The natural width of the image {@code selector} finds once it has loaded, else 0 (one script: no stale element). */
    private long imageWidth(String selector) {
        Object width = script("const i = document.querySelector(arguments[0]);"
                + " return i && i.complete ? i.naturalWidth : 0", selector);
        return ((Number) width).longValue();
    }

    /** Follows an in-page link (the hash), as a click on the navigation would. */
    private void open(String hash) {
        script("location.hash = arguments[0]", hash);
    }

    private WebElement field(String path) {
        return within(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.name(path)));
    }

    private void type(String path, String text) {
        WebElement input = field(path);
        input.clear();
        input.sendKeys(text);
    }

    private void click(By by) {
        within(Duration.ofSeconds(20)).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    private WebDriverWait within(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }
}
