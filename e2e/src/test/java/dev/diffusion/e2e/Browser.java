package dev.diffusion.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through its chromedriver, both found on this machine (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): no download, no Selenium Manager. The system properties
 * {@code dashboard.chromium} and {@code dashboard.chromedriver} name other binaries.
 */
final class Browser implements AutoCloseable {

    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private final ChromeDriver driver;
    private final Optional<Path> screenshots;

    private Browser(ChromeDriver driver, Optional<Path> screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** The Chromium binary, if this machine has one. */
    static Optional<Path> chromium() {
        return find("dashboard.chromium", CHROMIUM);
    }

    /**
     * Starts Chromium headless at 1280×800. Screenshots go to the folder of the system property
     * {@code dashboard.screenshots} when it is set, else nowhere.
     */
    static Browser start() {
        Path binary = chromium().orElseThrow(() -> new IllegalStateException("no chromium among " + CHROMIUM));
        Path driverBinary = find("dashboard.chromedriver", DRIVER)
                .orElseThrow(() -> new IllegalStateException("chromium is installed but no chromedriver among " + DRIVER
                        + ": apt-get install -y chromium-driver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        // root in CI: no sandbox; small /dev/shm in containers
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--disable-gpu", "--hide-scrollbars", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Optional<Path> folder = Optional.ofNullable(System.getProperty("dashboard.screenshots"))
                .filter(s -> !s.isBlank()).map(Path::of);
        return new Browser(driver, folder);
    }

    /** Whether screenshots were asked for (then the test trains the form's own preset, for pictures worth showing). */
    boolean savesScreenshots() {
        return screenshots.isPresent();
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Emulates a phone's screen, 390×844 CSS pixels (a window cannot be made that narrow on every platform). */
    void phone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves the viewport as {@code name}.png in the screenshot folder, if one was asked for. */
    void screenshot(String name) {
        if (screenshots.isEmpty()) {
            return;
        }
        save(name);
    }

    /** Saves the whole page, up to {@code maxHeight} pixels, at the window's width; the window is restored after. */
    void fullPageScreenshot(String name, int maxHeight) {
        if (screenshots.isEmpty()) {
            return;
        }
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        // the window's height includes no browser chrome in headless mode
        resize(window.getWidth(), (int) Math.min(maxHeight, Math.max(window.getHeight(), height)));
        try {
            save(name);
        } finally {
            resize(window.getWidth(), window.getHeight());
        }
    }

    private void save(String name) {
        try {
            Files.createDirectories(screenshots.get());
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshots.get().resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<Path> find(String property, List<String> candidates) {
        String chosen = System.getProperty(property);
        if (chosen != null && !chosen.isBlank()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }
}
