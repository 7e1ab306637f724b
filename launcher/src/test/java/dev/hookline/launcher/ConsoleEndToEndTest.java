package dev.hookline.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.DeliveryIds;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.awaitility.Awaitility.await;

/**
 * The admin console in a real headless Chromium against the whole stack: an admin signs
 * in, subscribes an endpoint with the event-type picker, test-sends, follows a delivery
 * in the log, and replays a dead letter; an endpoint's answer is shown as text. Each step
 * leaves a screenshot of its page in {@code target/console-screenshots} (the README's).
 *
 * <p>
 * The steps run in order and build on each other, as an admin's session does.
 */
@EmbeddedKafka(partitions = 2,
		brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
				"group.initial.rebalance.delay.ms=0" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ConsoleEndToEndTest.Steps.class)
class ConsoleEndToEndTest {

	private static final String PREFIX = "console.";

	/** What a failing endpoint answers: markup the console must show as text. */
	private static final String HOSTILE = "<script>window.pwned=1</script><b id=\"bold\">not bold</b>";

	private static final Path SCREENSHOTS = Path
		.of(System.getProperty("hookline.console.screenshots", "target/console-screenshots"));

	private static final List<AutoCloseable> closeables = new ArrayList<>();

	@TempDir
	static Path dir;

	private static VerifyingReceiver receiver;

	private static Api api;

	private static String apiUrl;

	private static ApiKey admin;

	private static ApiKey producer;

	private static Browser browser;

	/**
	 * The subscription the console creates in step 2, and its secret as the console
	 * showed it.
	 */
	private static String ordersId;

	@BeforeAll
	static void start() throws Exception {
		receiver = VerifyingReceiver.start();
		closeables.add(receiver);
		admin = ApiKey.admin("acme", ApiKey.generate("a_acme_"));
		producer = ApiKey.producer("acme", ApiKey.generate("p_acme_"));
		HooklineStack stack = HooklineStack
			.start(new HooklineStack.Settings(EmbeddedKafkaCondition.getBroker().getBrokersAsString(),
					dir.resolve("keyset.json"), 0, dir.resolve("router"), true, List.of(admin, producer), true,
					Map.of("hookline.kafka.topic-prefix", PREFIX, "hookline.kafka.partitions", "2",
							"hookline.router.application-id", PREFIX + "router", "hookline.worker.group-id",
							PREFIX + "worker", "hookline.worker.retry.delays", "1s,1s,1s,1s,1s",
							"hookline.worker.retry.jitter", "0")));
		closeables.add(stack);
		apiUrl = stack.apiUrl();
		api = new Api(apiUrl);
		api.call("PUT", "/v1/event-types/order.created", admin, """
				{"module":"orders","description":"An order was placed.","schema":{"type":"object",
				 "required":["orderId"],"properties":{"orderId":{"type":"integer"},"amount":{"type":"number"},
				 "customer":{"type":"object","properties":{"email":{"type":"string","format":"email"}}}}}}""")
			.expect(201);
		api.call("PUT", "/v1/event-types/order.shipped", admin, "{\"module\":\"orders\"}").expect(201);
		api.call("PUT", "/v1/event-types/invoice.paid", admin,
				"{\"module\":\"billing\",\"description\":\"An invoice was paid in full.\"}")
			.expect(201);
	}

	@AfterAll
	static void stop() throws Exception {
		if (browser != null) {
			closeables.add(browser);
		}
		for (int i = closeables.size() - 1; i >= 0; i--) {
			closeables.get(i).close();
		}
	}

	@Test
	@Order(0)
	void theConsoleIsServedWithAStrictContentSecurityPolicy() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : List.of("/console", "/console/app.js", "/console/pages/subscription.js",
				"/webjars/uplot/dist/uPlot.esm.js")) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
				.hasValueSatisfying((policy) -> assertThat(policy).contains("default-src 'none'")
					.contains("script-src 'self'")
					.contains("require-trusted-types-for 'script'")
					.contains("frame-ancestors 'none'")
					.doesNotContain("unsafe"));
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		}
	}

	@Test
	@Order(1)
	void anAdminSignsInWithTheKeyboardAndAWrongKeyIsRefused() throws Exception {
		browser = Browser.start(SCREENSHOTS);
		browser.open(apiUrl + "/console");
		browser.heading("Sign in");
		WebElement key = browser.visible(By.cssSelector("input[type=password]"));
		assertThat(browser.driver().switchTo().activeElement()).isEqualTo(key);
		key.sendKeys("hk_admin_not-a-key", Keys.ENTER);
		assertThat(browser.withText(By.cssSelector(".field .error"), "not valid")).isEqualTo("That key is not valid.");
		key.clear();
		key.sendKeys(producer.key(), Keys.ENTER);
		browser.withText(By.cssSelector(".field .error"), "not an admin key");
		browser.screenshot("sign-in");

		key.clear();
		key.sendKeys(admin.key(), Keys.ENTER);
		browser.heading("Overview");
		assertThat(browser.visible(By.id("tenant")).getText()).isEqualTo("Tenant acme");
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(admin.key());
		assertThat(browser.unlabelledControls()).isEmpty();
	}

	@Test
	@Order(2)
	void anAdminCreatesASubscriptionWithTheEventTypePicker() throws Exception {
		String url = receiver.url("/console/orders");
		browser.open(apiUrl + "/console#/subscriptions/new");
		browser.heading("New subscription");
		// the catalogue, grouped by module, with a wildcard per type prefix
		assertThat(browser.driver().findElements(By.cssSelector("fieldset.module legend")))
			.extracting(WebElement::getText)
			.containsExactly("billing", "orders");
		WebElement urlInput = browser.visible(By.cssSelector("input[type=url]"));
		urlInput.sendKeys("not a url");
		browser.driver().findElement(By.cssSelector("input[type=checkbox][value='order.*']")).click();
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
		// the API's own message, next to the field it names
		WebElement urlError = browser.visible(By.cssSelector("[data-field=url] .error"));
		assertThat(urlError.getText()).isNotBlank();
		assertThat(urlInput.getAttribute("aria-invalid")).isEqualTo("true");
		browser.screenshot("subscription-form");

		urlInput.clear();
		urlInput.sendKeys(url);
		browser.driver().findElement(By.xpath("//button[text()='Add header']")).click();
		browser.visible(By.cssSelector("input[aria-label='Header 1 name']")).sendKeys("X-Team");
		browser.driver().findElement(By.cssSelector("input[aria-label='Header 1 value']")).sendKeys("orders");
		browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
		browser.heading("Subscription created");
		String secret = browser.visible(By.id("secret")).getAttribute("value");
		assertThat(secret).startsWith("whsec_");
		receiver.secrets("/console/orders", secret);
		browser.screenshot("subscription-created");

		browser.driver().findElement(By.linkText("Go to the subscription")).click();
		browser.heading("Subscription");
		ordersId = browser.driver().getCurrentUrl().replaceAll(".*#/subscriptions/", "");
		JsonNode created = api.call("GET", "/v1/subscriptions/" + ordersId, admin, null).expect(200);
		assertThat(created.get("url").asString()).isEqualTo(url);
		assertThat(created.get("eventTypes").valueStream().map(JsonNode::asString)).containsExactly("order.*");
		assertThat(created.get("headers").get("X-Team").asString()).isEqualTo("orders");
	}

	@Test
	@Order(3)
	void sendTestEventShowsTheEndpointsAnswerAndRotateShowsTheNewSecretOnce() throws Exception {
		browser.open(apiUrl + "/console#/subscriptions/" + ordersId);
		browser.heading("Subscription");
		browser.driver().findElement(By.xpath("//button[text()='Send test event']")).click();
		assertThat(browser.visible(By.id("test-response")).getText()).isEqualTo("{\"received\":true,\"status\":200}");
		assertThat(browser.withText(By.cssSelector(".result dd"), "200")).isEqualTo("200");
		Received test = receiver.received("/console/orders").get(0);
		assertThat(test.verified()).as(test.verificationError()).isTrue();
		assertThat(test.body()).contains("hookline.test");

		String before = receiver.received("/console/orders").get(0).header("webhook-signature");
		browser.driver().findElement(By.xpath("//button[text()='Rotate secret']")).click();
		browser.visible(By.cssSelector("dialog.confirm")).findElement(By.xpath(".//button[text()='Rotate']")).click();
		String rotated = browser.visible(By.id("secret")).getAttribute("value");
		assertThat(rotated).startsWith("whsec_");
		receiver.secrets("/console/orders", rotated);
		JsonNode subscription = api.call("GET", "/v1/subscriptions/" + ordersId, admin, null).expect(200);
		assertThat(subscription.get("secrets").size()).as("the old secret still signs beside the new one").isEqualTo(1);
		assertThat(subscription.toString()).doesNotContain(rotated);
		assertThat(before).isNotBlank();
	}

	@Test
	@Order(4)
	void aPublishedEventAppearsDeliveredInTheLogWithItsAttempts() throws Exception {
		publish("ord-console-1", "order.created", "{\"orderId\":1,\"amount\":12.5}");
		await().atMost(Duration.ofMinutes(2))
			.until(() -> receiver.received("/console/orders")
				.stream()
				.anyMatch((r) -> r.body().contains("ord-console-1")));
		Received delivered = receiver.received("/console/orders")
			.stream()
			.filter((r) -> r.body().contains("ord-console-1"))
			.findFirst()
			.orElseThrow();
		// signed with the secret the console showed once
		assertThat(delivered.verified()).as(delivered.verificationError()).isTrue();

		String deliveryId = DeliveryIds.of("ord-console-1", ordersId);
		browser.open(apiUrl + "/console#/subscriptions/" + ordersId);
		WebElement row = browser.reloadUntil(By.cssSelector("main tbody tr"), "delivered");
		assertThat(row.getText()).contains("order.created", "ord-console-1", deliveryId);
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.screenshot("subscription");

		// the log's replay button: the same webhook-id again
		row.findElement(By.cssSelector("button[aria-label='Redeliver " + deliveryId + "']")).click();
		browser.withText(By.cssSelector("main tbody [role=status]"), "Queued again");
		await().atMost(Duration.ofMinutes(2))
			.until(() -> receiver.received("/console/orders")
				.stream()
				.filter((r) -> deliveryId.equals(r.webhookId()) && r.verified())
				.count() == 2);

		row.findElement(By.linkText(deliveryId)).click();
		browser.heading("Delivery");
		// the redelivery's attempt, once the history has it: the page's Refresh shows it
		browser.clickUntil(By.xpath("//button[text()='Refresh']"), By.cssSelector("main tbody tr:nth-child(2)"), "200");
		WebElement attempt = browser.visible(By.cssSelector("main tbody tr"));
		assertThat(attempt.getText()).contains("200");
		browser.driver().findElement(By.xpath("//button[text()='Show payload']")).click();
		JsonNode body = Api.JSON.readTree(browser.visible(By.cssSelector("#payload pre")).getText());
		assertThat(body.get("type").asString()).isEqualTo("order.created");
		assertThat(body.get("data").get("amount").asDouble()).isEqualTo(12.5);
		assertThat(browser.withText(By.cssSelector("#payload p"), "SHA-256")).contains(
				api.call("GET", "/v1/deliveries/" + deliveryId, admin, null).expect(200).get("bodySha256").asString());
		browser.screenshot("delivery");
	}

	@Test
	@Order(5)
	void aDeadLetterIsReplayedFromTheConsoleAndItsAnswerIsShownAsText() throws Exception {
		receiver.behave("/console/failing", Behaviour.status(500).withBody(HOSTILE));
		JsonNode failing = api
			.call("POST", "/v1/subscriptions", admin,
					"{\"url\":\"" + receiver.url("/console/failing") + "\",\"eventTypes\":[\"invoice.paid\"]}")
			.expect(201);
		String failingId = failing.get("id").asString();
		receiver.secrets("/console/failing", failing.get("secret").asString());
		publish("inv-console-1", "invoice.paid", "{\"invoice\":\"A-1\"}");
		publish("inv-console-2", "invoice.paid", "{\"invoice\":\"A-2\"}");
		String deliveryId = DeliveryIds.of("inv-console-1", failingId);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> api.call("GET", "/v1/dead-letters?subscription=" + failingId, admin, null)
				.expect(200)
				.get("data")
				.size() == 2);

		browser.open(apiUrl + "/console#/dead-letters");
		browser.heading("Dead letters");
		WebElement row = browser.reloadUntil(By.cssSelector("main tbody tr"), deliveryId);
		assertThat(row.getText()).contains("500", "invoice.paid");
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.screenshot("dead-letters");
		row.findElement(By.cssSelector("input[type=checkbox]")).click();
		browser.driver().findElement(By.xpath("//button[text()='Replay 1 selected…']")).click();
		WebElement preview = browser.visible(By.cssSelector("dialog.confirm"));
		assertThat(preview.getText()).contains("This delivery will be queued again", deliveryId);
		browser.screenshot("dead-letters-replay");
		receiver.behave("/console/failing", Behaviour.ok());
		preview.findElement(By.xpath(".//button[text()='Replay 1']")).click();
		browser.withText(By.cssSelector("main .notice"), "1 of 1 queued again");

		await().atMost(Duration.ofMinutes(2))
			.until(() -> receiver.received("/console/failing")
				.stream()
				.anyMatch((r) -> r.status() == 200 && deliveryId.equals(r.webhookId()) && r.verified()));
		browser.open(apiUrl + "/console#/deliveries/" + deliveryId);
		browser.reloadUntil(By.cssSelector("main .facts dd"), "delivered");
		List<WebElement> snippets = browser.driver().findElements(By.cssSelector("main pre.snippet"));
		assertThat(snippets).extracting(WebElement::getText).contains(HOSTILE);
		assertThat(browser.driver().findElements(By.cssSelector("main script, #bold"))).isEmpty();
		assertThat(browser.script("return window.pwned === undefined;")).isEqualTo(true);
		browser.screenshot("delivery-replayed");

		// the other one, through the subscription's Recover: counted first, then sent
		String recovered = DeliveryIds.of("inv-console-2", failingId);
		browser.open(apiUrl + "/console#/subscriptions/" + failingId);
		browser.heading("Subscription");
		WebElement since = browser.visible(By.xpath("//section[h2='Recover failed deliveries']//input[1]"));
		browser.script("const d = new Date(Date.now() - 3600000);"
				+ " arguments[0].value = new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 19);",
				since);
		browser.driver().findElement(By.xpath("//button[text()='Count failed deliveries']")).click();
		assertThat(browser.withText(By.cssSelector("main section p"), "to send"))
			.isEqualTo("1 failed or dead-lettered delivery in the range; 0 already queued again; 1 to send.");
		browser.driver().findElement(By.xpath("//button[text()='Send 1 again']")).click();
		browser.withText(By.cssSelector("main section p"), "Queued 1 again.");
		await().atMost(Duration.ofMinutes(2))
			.until(() -> receiver.received("/console/failing")
				.stream()
				.anyMatch((r) -> r.status() == 200 && recovered.equals(r.webhookId()) && r.verified()));
	}

	@Test
	@Order(6)
	void anAdminEditsDeactivatesAndDeletesASubscription() throws Exception {
		JsonNode created = api
			.call("POST", "/v1/subscriptions", admin,
					"{\"url\":\"" + receiver.url("/console/temp") + "\",\"eventTypes\":[\"invoice.paid\"]}")
			.expect(201);
		String id = created.get("id").asString();
		browser.open(apiUrl + "/console#/subscriptions/" + id + "/edit");
		browser.heading("Edit subscription");
		WebElement invoicePaid = browser.visible(By.cssSelector("input[type=checkbox][value='invoice.paid']"));
		assertThat(invoicePaid.isSelected()).isTrue();
		invoicePaid.click();
		browser.driver().findElement(By.cssSelector("input[type=checkbox][value='order.shipped']")).click();
		browser.driver()
			.findElement(By.xpath("//label[text()='Description']/following-sibling::textarea"))
			.sendKeys("Shipping notices for the warehouse");
		browser.driver().findElement(By.cssSelector("input[type=number]")).sendKeys("5");
		browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
		browser.heading("Subscription");
		browser.withText(By.id("notice"), "Saved.");
		JsonNode edited = api.call("GET", "/v1/subscriptions/" + id, admin, null).expect(200);
		assertThat(edited.get("eventTypes").valueStream().map(JsonNode::asString)).containsExactly("order.shipped");
		assertThat(edited.get("description").asString()).isEqualTo("Shipping notices for the warehouse");
		assertThat(edited.get("rateLimit").asInt()).isEqualTo(5);

		browser.driver().findElement(By.xpath("//button[text()='Deactivate']")).click();
		browser.withText(By.cssSelector("main .buttons button"), "Activate");
		assertThat(api.call("GET", "/v1/subscriptions/" + id, admin, null).expect(200).get("active").asBoolean())
			.isFalse();

		browser.driver().findElement(By.xpath("//button[text()='Delete']")).click();
		WebElement confirm = browser.visible(By.cssSelector("dialog.confirm"));
		assertThat(confirm.getText()).contains(receiver.url("/console/temp"));
		confirm.findElement(By.xpath(".//button[text()='Delete']")).click();
		browser.heading("Subscriptions");
		browser.withText(By.id("notice"), "Subscription deleted.");
		assertThat(api.call("GET", "/v1/subscriptions/" + id, admin, null).status()).isEqualTo(404);
	}

	@Test
	@Order(7)
	void theCatalogueAndTheOverviewReadWellOnALaptopAndAPhone() throws Exception {
		browser.open(apiUrl + "/console#/event-types");
		browser.heading("Event types");
		browser.driver().findElement(By.xpath("//summary[.//code[text()='order.created']]")).click();
		String example = browser.visible(By.xpath("//details[@open]//h3[text()='Example']/following-sibling::pre"))
			.getText();
		JsonNode parsed = Api.JSON.readTree(example);
		assertThat(parsed.get("type").asString()).isEqualTo("order.created");
		assertThat(parsed.get("data").get("orderId").isIntegralNumber()).isTrue();
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.screenshot("event-types");

		browser.open(apiUrl + "/console#/overview");
		browser.heading("Overview");
		browser.visible(By.cssSelector("figure.chart canvas"));
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.screenshot("overview");
		browser.open(apiUrl + "/console#/subscriptions");
		browser.heading("Subscriptions");
		browser.withText(By.cssSelector("main tbody"), receiver.url("/console/orders"));
		assertThat(browser.unlabelledControls()).isEmpty();
		browser.screenshot("subscriptions");

		browser.resize(390, 844);
		try {
			Map<String, String> pages = Map.of("overview", "Overview", "dead-letters", "Dead letters", "subscriptions",
					"Subscriptions", "subscriptions/" + ordersId, "Subscription");
			for (String page : List.of("overview", "dead-letters", "subscriptions", "subscriptions/" + ordersId)) {
				browser.open(apiUrl + "/console#/" + page);
				browser.heading(pages.get(page));
				assertThat(browser.overflowsSideways()).as(page + " on a phone").isFalse();
			}
			browser.screenshot("subscription-phone");
		}
		finally {
			browser.resize(1280, 1000);
		}
		// the refused keys and the invalid URL of the steps before are logged as failed
		// loads (401, 403, 422); anything else, a refused script or style above all, is
		// not
		// expected
		assertThat(browser.problems()).as("the browser's console")
			.allMatch((problem) -> problem
				.matches("(?s).*Failed to load resource: the server responded with a status of 4(01|03|22).*"));
	}

	/**
	 * The steps build on each other: after a failed one, the rest are skipped (the
	 * failure is what to read), and the page it failed on is kept as a screenshot.
	 */
	static final class Steps implements TestWatcher, BeforeEachCallback {

		private static volatile boolean failed;

		@Override
		public void beforeEach(ExtensionContext context) {
			assumeFalse(failed, "an earlier step failed");
		}

		@Override
		public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
			failed = true;
			if (browser != null) {
				try {
					browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
				}
				catch (Exception ex) {
					cause.addSuppressed(ex);
				}
			}
		}

	}

	private static void publish(String id, String type, String data) throws Exception {
		api.call("POST", "/v1/events", producer,
				"{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":" + data + "}")
			.expect(202);
	}

}
