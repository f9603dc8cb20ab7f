package dev.diffusion.e2e;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The screenshots of the README and docs/dashboard.md, taken on a running {@code ./run-local.sh}: the address it
 * printed (with the key), then the newcomer's path through the dashboard alone — the MNIST preset (with fewer steps
 * when asked), the job while it runs, the finished job, "generate from this model", the grid and GIF, the models.
 *
 * <pre>
 * java -Ddashboard.screenshots=docs/img -cp e2e/target/test-classes:$(cat e2e/target/test-classpath.txt) \
 *     dev.diffusion.e2e.DashboardTour 'http://127.0.0.1:8080/#key=dk_…' [steps]
 * </pre>
 */
public final class DashboardTour {

    private DashboardTour() {
    }

    public static void main(String[] args) {
        String address = args[0];
        String steps = args.length > 1 ? args[1] : "";
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.get(address);
            await(driver, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "default"));

            hash(driver, "#/train");
            driver.findElement(By.cssSelector("input[name='preset'][value='mnist']")).click();
            if (!steps.isEmpty()) {
                WebElement field = driver.findElement(By.name("steps"));
                field.clear();
                field.sendKeys(steps);
            }
            await(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("estimate")).getText().length() > 0);
            browser.screenshot("dashboard-train");
            driver.findElement(By.id("submit-training")).click();
            await(driver, Duration.ofSeconds(30)).until(ExpectedConditions.urlMatches("#/jobs/[0-9a-f-]{36}$"));
            String jobPage = driver.getCurrentUrl();

            await(driver, Duration.ofMinutes(10)).until(d -> fraction(d) > 0.3);
            hash(driver, "#/jobs");
            await(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("tr[data-job]")).isEmpty());
            sleep(Duration.ofSeconds(3));
            browser.screenshot("dashboard-jobs");
            browser.phone();
            sleep(Duration.ofSeconds(1));
            browser.screenshot("dashboard-phone");
            browser.driver().executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());

            driver.get(jobPage);
            await(driver, Duration.ofHours(1)).until(d -> "SUCCEEDED".equals(script(d,
                    "return document.querySelector('.job-header [data-status]')?.dataset.status")));
            sleep(Duration.ofSeconds(5));
            browser.fullPageScreenshot("dashboard-job", 1800);

            driver.findElement(By.linkText("Generate from this model")).click();
            await(driver, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("f-modelId")).getAttribute("value").isEmpty());
            WebElement images = driver.findElement(By.name("numImages"));
            images.clear();
            images.sendKeys("40");
            WebElement guidance = driver.findElement(By.name("guidanceScale"));
            guidance.clear();
            guidance.sendKeys("1.3");
            browser.screenshot("dashboard-generate");
            driver.findElement(By.id("submit-generation")).click();
            await(driver, Duration.ofMinutes(10)).until(d -> "SUCCEEDED".equals(script(d,
                    "return document.querySelector('.job-header [data-status]')?.dataset.status")));
            await(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(script(d,
                    "const g = document.getElementById('result-gif'); return !!g && g.complete && g.naturalWidth > 0")));
            sleep(Duration.ofSeconds(2));
            browser.fullPageScreenshot("dashboard-generation", 1300);

            hash(driver, "#/models");
            await(driver, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("article.model img")).isEmpty());
            sleep(Duration.ofSeconds(2));
            browser.screenshot("dashboard-models");
        }
    }

    private static double fraction(WebDriver driver) {
        Object value = script(driver, "return document.querySelector('.job-header + div progress')?.value ?? 0");
        return ((Number) value).doubleValue();
    }

    private static void hash(WebDriver driver, String hash) {
        script(driver, "location.hash = arguments[0]", hash);
    }

    private static Object script(WebDriver driver, String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    private static WebDriverWait await(WebDriver driver, Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
