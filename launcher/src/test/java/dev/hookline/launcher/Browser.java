package dev.hookline.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's headless Chromium, driven through its {@code chromium-driver} by Selenium: the
 * real browser the console's tests run in. When either package is missing the test fails,
 * saying what to install, rather than skip.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	/**
	 * Waits for what the page shows; generous, since the tests check behaviour, not
	 * speed.
	 */
	private static final Duration PATIENCE = Duration.ofMinutes(2);

	private static final int WIDTH = 1280;

	private final ChromeDriver driver;

	private final Path screenshots;

	private Browser(ChromeDriver driver, Path screenshots) {
		this.driver = driver;
		this.screenshots = screenshots;
	}

	/** Starts a headless Chromium whose screenshots go to {@code screenshots}. */
	static Browser start(Path screenshots) throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
			fail("Chromium and its driver are not installed (" + CHROMIUM + ", " + DRIVER
					+ "): install Debian's chromium and chromium-driver packages"
					+ " (apt-get install -y chromium chromium-driver), as .ci/run does");
		}
		Files.createDirectories(screenshots);
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
					"--window-size=" + WIDTH + ",1000", "--lang=en-GB");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options), screenshots);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	void open(String url) {
		this.driver.get(url);
	}

	/** Waits until an element is visible and returns it. */
	WebElement visible(By by) {
		return wait(ExpectedConditions.visibilityOfElementLocated(by));
	}

	/** Waits until the page's heading reads {@code text}. */
	void heading(String text) {
		wait((d) -> d.findElements(By.cssSelector("main h1")).stream().anyMatch((h1) -> h1.getText().equals(text)));
	}

	/**
	 * Waits until the condition holds; when it never does, the failure names what the
	 * page wrote to the browser's console, where a script's error shows.
	 */
	private <T> T wait(Function<WebDriver, T> condition) {
		try {
			// a page replaced while it is read leaves stale elements: read it again
			return new WebDriverWait(this.driver, PATIENCE, Duration.ofMillis(250))
				.ignoring(StaleElementReferenceException.class)
				.until(condition);
		}
		catch (TimeoutException ex) {
			throw new AssertionError(ex.getMessage().lines().findFirst().orElse("") + "\nbrowser console: " + problems()
					+ "\npage: " + this.driver.findElement(By.tagName("body")).getText(), ex);
		}
	}

	/**
	 * Waits until some element matching {@code by} shows {@code text}, and returns all it
	 * shows (read in the same turn: the page may be replaced just after).
	 */
	String withText(By by, String text) {
		return wait((d) -> d.findElements(by)
			.stream()
			.map(WebElement::getText)
			.filter((shown) -> shown.contains(text))
			.findFirst()
			.orElse(null));
	}

	/**
	 * Reloads the page every 2 s until some element matching {@code by} shows
	 * {@code text}.
	 */
	WebElement reloadUntil(By by, String text) {
		return againUntil(by, text, () -> this.driver.navigate().refresh());
	}

	/**
	 * Clicks the button every 2 s until some element matching {@code by} shows
	 * {@code text}: the page's own refresh.
	 */
	WebElement clickUntil(By button, By by, String text) {
		return againUntil(by, text, () -> this.driver.findElement(button).click());
	}

	private WebElement againUntil(By by, String text, Runnable again) {
		long[] last = { System.nanoTime() };
		return wait((d) -> {
			List<WebElement> found = d.findElements(by).stream().filter((e) -> e.getText().contains(text)).toList();
			if (!found.isEmpty()) {
				return found.get(0);
			}
			if (System.nanoTime() - last[0] > Duration.ofSeconds(2).toNanos()) {
				again.run();
				last[0] = System.nanoTime();
			}
			return null;
		});
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/**
	 * The visible controls that have neither a label nor an accessible name, as the start
	 * of their markup: empty when every control is labelled.
	 */
	@SuppressWarnings("unchecked")
	List<String> unlabelledControls() {
		return (List<String>) script("""
				return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
				  .filter((e) => e.getClientRects().length > 0)
				  .filter((e) => e.tagName === 'BUTTON'
				    ? !e.textContent.trim() && !e.getAttribute('aria-label')
				    : e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
				  .map((e) => e.outerHTML.slice(0, 160));""");
	}

	/** Whether the page is wider than the window: it would scroll sideways. */
	boolean overflowsSideways() {
		return (Boolean) script(
				"return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1;");
	}

	void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/**
	 * Saves the whole page as {@code name.png}: the window grows to the page's height for
	 * the shot, up to 3,000 pixels, and shrinks back.
	 */
	void screenshot(String name) throws IOException {
		Dimension before = this.driver.manage().window().getSize();
		long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight);");
		resize(before.getWidth(), (int) Math.min(3000, Math.max(before.getHeight(), height)));
		try {
			Files.write(this.screenshots.resolve(name + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		finally {
			resize(before.getWidth(), before.getHeight());
		}
	}

	/**
	 * What the page wrote to the browser's console at warning level or above, CSP reports
	 * included.
	 */
	List<String> problems() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((e) -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
			.map(LogEntry::toString)
			.toList();
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
