package dev.hookline.worker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real webhook endpoint on a free loopback port. {@code /ok/**} answers 200,
 * {@code /fail/**} 500 with a body; a request whose {@code webhook-id} was {@link #hold
 * held} is answered only once released.
 */
final class Receiver implements AutoCloseable {

	private final Map<String, Request> received = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();

	private final DisposableServer server;

	Receiver() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/ok/**", (req, res) -> answer(req, res, 200, "ok"))
				.post("/fail/**", (req, res) -> answer(req, res, 500, "nope: try later")))
			.bindNow();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	/**
	 * Holds the answer to the request with this webhook id until the future completes.
	 */
	CompletableFuture<Void> hold(String webhookId) {
		return this.held.computeIfAbsent(webhookId, (id) -> new CompletableFuture<>());
	}

	Request request(String webhookId) {
		return this.received.get(webhookId);
	}

	private Mono<Void> answer(HttpServerRequest req, HttpServerResponse res, int status, String body) {
		return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((bytes) -> {
			String id = String.valueOf(req.requestHeaders().get("webhook-id"));
			this.received.put(id, new Request(req.uri(), headers(req.requestHeaders()), bytes));
			CompletableFuture<Void> release = this.held.get(id);
			Mono<Void> wait = (release != null) ? Mono.fromFuture(release) : Mono.empty();
			return wait.then(res.status(status).sendString(Mono.just(body)).then());
		});
	}

	private static Map<String, List<String>> headers(HttpHeaders headers) {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.names().forEach((name) -> copy.put(name, headers.getAll(name)));
		return copy;
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	record Request(String uri, Map<String, List<String>> headers, byte[] body) {

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null) ? null : values.get(0);
		}

	}

}
