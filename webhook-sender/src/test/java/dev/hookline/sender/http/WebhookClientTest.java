package dev.hookline.sender.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.sender.ssrf.AddressGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookClientTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final byte[] BODY = "{\"id\":\"evt_1\",\"type\":\"post.created\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"data\":{\"title\":\"héllo\"}}"
		.getBytes(StandardCharsets.UTF_8);

	private static TestEndpoint endpoint;

	private static WebhookClient local;

	private static WebhookClient impatient;

	private static WebhookClient strict;

	private final String secret = SigningSecrets.generate();

	@BeforeAll
	static void start() {
		endpoint = new TestEndpoint();
		local = WebhookClient.create(SenderSettings.defaults(), AddressGuard.localMode());
		impatient = WebhookClient.create(SenderSettings.defaults().withTotalTimeout(Duration.ofMillis(500)),
				AddressGuard.localMode());
		strict = WebhookClient.create(SenderSettings.defaults(), AddressGuard.strict());
	}

	@AfterAll
	static void stop() {
		local.close();
		impatient.close();
		strict.close();
		endpoint.close();
	}

	@Test
	void aSuccessfulPostIsSignedSoTheOfficialVerifierAcceptsIt() throws Exception {
		String id = newId();
		SendResult result = send(local, request(endpoint.url("/ok"), id, List.of(this.secret), Map.of()));

		assertThat(result.status()).isEqualTo(200);
		assertThat(result.error()).isNull();
		assertThat(result.snippet()).isEqualTo("thanks");
		TestEndpoint.Received received = endpoint.receivedFor(id);
		assertThat(received.body()).isEqualTo(BODY);
		assertThatNoException()
			.isThrownBy(() -> new Webhook(this.secret).verify(received.bodyText(), received.headers()));
	}

	@Test
	void duringARotationEitherSecretVerifiesTheSignature() {
		String previous = SigningSecrets.generate();
		String unrelated = SigningSecrets.generate();
		String id = newId();
		send(local, request(endpoint.url("/ok"), id, List.of(this.secret, previous), Map.of()));

		TestEndpoint.Received received = endpoint.receivedFor(id);
		assertThat(received.header("webhook-signature").split(" ")).hasSize(2).allMatch((s) -> s.startsWith("v1,"));
		assertThatNoException()
			.isThrownBy(() -> new Webhook(this.secret).verify(received.bodyText(), received.headers()));
		assertThatNoException().isThrownBy(() -> new Webhook(previous).verify(received.bodyText(), received.headers()));
		assertThatThrownBy(() -> new Webhook(unrelated).verify(received.bodyText(), received.headers()))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void theRequestCarriesTheStandardHeadersAndTheCustomOnes() {
		String id = newId();
		long before = Instant.now().getEpochSecond();
		send(local, request(endpoint.url("/ok"), id, List.of(this.secret),
				Map.of("X-Tenant-Ref", "acme-42", "webhook-id", "forged", "Content-Type", "text/plain")));

		TestEndpoint.Received received = endpoint.receivedFor(id);
		assertThat(received.header("webhook-id")).isEqualTo(id);
		assertThat(received.headers().get("webhook-id")).hasSize(1);
		assertThat(received.header("content-type")).isEqualTo("application/json");
		assertThat(received.header("user-agent")).isEqualTo("Hookline/0.1");
		assertThat(received.header("x-tenant-ref")).isEqualTo("acme-42");
		assertThat(Long.parseLong(received.header("webhook-timestamp"))).isBetween(before,
				Instant.now().getEpochSecond());
	}

	@Test
	void aServerErrorIsRecordedWithItsStatusAndBody() {
		SendResult result = send(local, request(endpoint.url("/fail"), newId(), List.of(this.secret), Map.of()));

		assertThat(result.status()).isEqualTo(500);
		assertThat(result.error()).isNull();
		assertThat(result.snippet()).isEqualTo("boom: database down");
	}

	@Test
	void aRedirectIsRecordedAndNotFollowed() {
		String id = newId();
		int hitsBefore = endpoint.hits();
		SendResult result = send(local, request(endpoint.url("/redirect"), id, List.of(this.secret), Map.of()));

		assertThat(result.status()).isEqualTo(302);
		assertThat(result.snippet()).isNull();
		assertThat(endpoint.hits()).isEqualTo(hitsBefore + 1);
		assertThat(endpoint.receivedFor(id)).isNotNull();
	}

	@Test
	void anEndpointThatNeverAnswersTimesOut() {
		SendResult result = send(impatient, request(endpoint.url("/hang"), newId(), List.of(this.secret), Map.of()));

		assertThat(result.status()).isNull();
		assertThat(result.error()).isEqualTo(SendError.TIMEOUT);
		assertThat(result.latencyMs()).isGreaterThanOrEqualTo(500);
	}

	@Test
	void aRefusedConnectionIsAConnectError() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		SendResult result = send(local,
				request("http://127.0.0.1:" + closedPort + "/hook", newId(), List.of(this.secret), Map.of()));

		assertThat(result.status()).isNull();
		assertThat(result.error()).isEqualTo(SendError.CONNECT_ERROR);
	}

	@Test
	void aLargeResponseIsReadOnlyUpToTheCapAndKeepsAOneKibSnippet() {
		SendResult result = send(local, request(endpoint.url("/big"), newId(), List.of(this.secret), Map.of()));

		assertThat(result.status()).isEqualTo(200);
		assertThat(result.error()).isNull();
		assertThat(result.snippet()).hasSize(1024).matches("x+");
	}

	@Test
	void anEndlessResponseIsCutOffAtTheReadCapInsteadOfTimingOut() {
		SendResult result = send(local, request(endpoint.url("/endless"), newId(), List.of(this.secret), Map.of()));

		assertThat(result.status()).isEqualTo(200);
		assertThat(result.error()).isNull();
		assertThat(result.snippet()).hasSize(1024).matches("y+");
	}

	@Test
	void loopbackIsRefusedOutsideLocalModeWithoutConnecting() {
		int hitsBefore = endpoint.hits();
		SendResult result = send(strict,
				request("https://127.0.0.1:" + endpoint.port() + "/ok", newId(), List.of(this.secret), Map.of()));

		assertThat(result.error()).isEqualTo(SendError.BLOCKED_ADDRESS);
		assertThat(endpoint.hits()).isEqualTo(hitsBefore);
	}

	@Test
	void aHostNameResolvingToLoopbackIsRefusedOutsideLocalMode() {
		SendResult result = send(strict,
				request("https://localhost:" + endpoint.port() + "/ok", newId(), List.of(this.secret), Map.of()));

		assertThat(result.error()).isEqualTo(SendError.BLOCKED_ADDRESS);
	}

	@Test
	void plainHttpIsRefusedOutsideLocalMode() {
		SendResult result = send(strict, request(endpoint.url("/ok"), newId(), List.of(this.secret), Map.of()));

		assertThat(result.error()).isEqualTo(SendError.INSECURE_URL);
	}

	@Test
	void aUrlThatIsNotAbsoluteHttpIsInvalid() {
		assertThat(send(local, request("not a url", newId(), List.of(this.secret), Map.of())).error())
			.isEqualTo(SendError.INVALID_URL);
		assertThat(send(local, request("ftp://example.com/x", newId(), List.of(this.secret), Map.of())).error())
			.isEqualTo(SendError.INVALID_URL);
	}

	@Test
	void aCustomHeaderThatCannotBeSentIsReportedWithoutSending() {
		int hitsBefore = endpoint.hits();
		SendResult result = send(local,
				request(endpoint.url("/ok"), newId(), List.of(this.secret), Map.of("X-Evil", "a\r\nInjected: 1")));

		assertThat(result.error()).isEqualTo(SendError.INVALID_HEADER);
		assertThat(endpoint.hits()).isEqualTo(hitsBefore);
	}

	@Test
	void aMalformedSecretIsReportedWithoutSending() {
		int hitsBefore = endpoint.hits();
		SendResult result = send(local, request(endpoint.url("/ok"), newId(), List.of("whsec_not*base64"), Map.of()));

		assertThat(result.error()).isEqualTo(SendError.INVALID_SECRET);
		assertThat(endpoint.hits()).isEqualTo(hitsBefore);
	}

	@Test
	void aRequestDescriptionNeverShowsItsSecrets() {
		WebhookRequest request = request(endpoint.url("/ok"), newId(), List.of(this.secret), Map.of());

		assertThat(request.toString()).doesNotContain(this.secret).contains("secrets=1");
	}

	private static SendResult send(WebhookClient client, WebhookRequest request) {
		return client.send(request).block(WAIT);
	}

	private static WebhookRequest request(String url, String id, List<String> secrets, Map<String, String> headers) {
		return new WebhookRequest(url, id, BODY, secrets, headers);
	}

	private static String newId() {
		return "msg_" + UUID.randomUUID().toString().replace("-", "");
	}

}
