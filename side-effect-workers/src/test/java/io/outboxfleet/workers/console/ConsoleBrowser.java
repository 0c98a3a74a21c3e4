package io.outboxfleet.workers.console;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The ops console in a real browser: Debian's headless chromium driven through Debian's
 * chromedriver (nothing is downloaded). With {@code -Dconsole.screenshots=DIR} (relative to the
 * repository root) the tests save PNGs of the pages they show.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(45);

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    ConsoleBrowser(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        try {
            this.profile = Files.createTempDirectory("console-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .usingAnyFreePort()
                        .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1100",
                "--user-data-dir=" + profile);
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Opens the console, lands on the login page, pastes the token and submits it. */
    void logIn(String token) {
        open("/ops/");
        await().atMost(PATIENCE).until(() -> path().equals("/ops/console/login"));
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login")).click();
        try {
            await().atMost(Duration.ofSeconds(15))
                    .until(
                            () ->
                                    !path().equals("/ops/console/login")
                                            || !all("#login-error").isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the login led nowhere, " + shows(), e);
        }
    }

    /** Waits until the browser shows this path; on time-out says what it shows instead. */
    void awaitPath(String expected) {
        try {
            await().atMost(PATIENCE).until(() -> path().equals(expected));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("expected the page " + expected + ", " + shows(), e);
        }
    }

    WebElement find(String css) {
        try {
            return driver.findElement(By.cssSelector(css));
        } catch (org.openqa.selenium.NoSuchElementException e) {
            throw new AssertionError("no element " + css + ", " + shows(), e);
        }
    }

    private String shows() {
        String page = driver.getPageSource();
        return "the browser shows "
                + driver.getCurrentUrl()
                + ":\n"
                + (page.length() > 3000 ? page.substring(0, 3000) : page);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Cookie sessionCookie() {
        return driver.manage().getCookieNamed("JSESSIONID");
    }

    /** Saves the visible page as DIR/console-NAME.png when -Dconsole.screenshots=DIR is set. */
    void screenshot(String name) {
        String dir = System.getProperty("console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = repositoryRoot().resolve(dir).resolve("console-" + name + ".png");
        try {
            Files.createDirectories(target.getParent());
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("fleet"))) {
            dir = dir.getParent();
        }
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
