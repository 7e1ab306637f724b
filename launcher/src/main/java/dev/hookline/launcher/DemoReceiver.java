package dev.hookline.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.standardwebhooks.Webhook;
import dev.hookline.schemas.PreviousSecret;
import dev.hookline.schemas.Subscription;
import dev.hookline.schemas.TableView;
import dev.hookline.sender.secrets.SecretCipher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The embedded mode's sample endpoint: prints every webhook it receives and whether its
 * signature verifies with the official Standard Webhooks library.
 *
 * <p>
 * A real receiver gets its secret once, from the API's answer. This one is a local
 * convenience: it shares the embedded mode's keyset, so it can look up the secrets of the
 * subscriptions that point at it. It answers 200 to everything.
 */
final class DemoReceiver implements AutoCloseable {

	private final TableView<String, Subscription> subscriptions;

	private final SecretCipher cipher;

	private final Consumer<String> out;

	private final DisposableServer server;

	DemoReceiver(int port, TableView<String, Subscription> subscriptions, SecretCipher cipher, Consumer<String> out) {
		this.subscriptions = subscriptions;
		this.cipher = cipher;
		this.out = out;
		this.server = HttpServer.create().host("127.0.0.1").port(port).handle(this::handle).bindNow();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
			Map<String, List<String>> headers = new java.util.HashMap<>();
			request.requestHeaders()
				.forEach(h -> headers
					.computeIfAbsent(h.getKey().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
					.add(h.getValue()));
			String verdict = verify(url() + request.uri(), body, headers);
			this.out.accept("[demo receiver] " + request.method() + " " + request.uri() + "  webhook-id="
					+ first(headers, "webhook-id") + "  signature " + verdict + "\n                " + body);
			return response.status(200).sendString(Mono.just("ok")).then();
		});
	}

	private String verify(String url, String body, Map<String, List<String>> headers) {
		try {
			this.subscriptions.sync().get(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "not checked (interrupted)";
		}
		catch (Exception ex) {
			return "not checked (cannot read subscriptions)";
		}
		List<Subscription> matching = this.subscriptions.values().stream().filter(s -> s.getUrl().equals(url)).toList();
		if (matching.isEmpty()) {
			return "not checked (no subscription points at " + url + ")";
		}
		for (Subscription subscription : matching) {
			for (String secret : secrets(subscription)) {
				try {
					new Webhook(secret).verify(body, headers);
					return "VERIFIED with the secret of " + subscription.getId();
				}
				catch (Exception ex) {
					// try the next secret
				}
			}
		}
		return "DOES NOT VERIFY";
	}

	private List<String> secrets(Subscription subscription) {
		List<String> secrets = new ArrayList<>();
		secrets.add(decrypt(subscription, subscription.getSecret().duplicate()));
		for (PreviousSecret previous : subscription.getPreviousSecrets()) {
			secrets.add(decrypt(subscription, previous.getSecret().duplicate()));
		}
		return secrets;
	}

	private String decrypt(Subscription subscription, java.nio.ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return this.cipher.decrypt(bytes, subscription.getTenant(), subscription.getId());
	}

	private static String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? "-" : values.get(0);
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
