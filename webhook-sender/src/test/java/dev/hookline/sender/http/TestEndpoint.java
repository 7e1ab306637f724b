package dev.hookline.sender.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real HTTP server on a free loopback port that records what it receives and answers
 * per path: {@code /ok}, {@code /fail}, {@code /redirect}, {@code /hang}, {@code /big} (1
 * MiB) and {@code /endless}.
 */
final class TestEndpoint implements AutoCloseable {

	static final int BIG_SIZE = 1024 * 1024;

	private final Map<String, Received> received = new ConcurrentHashMap<>();

	private final AtomicInteger hits = new AtomicInteger();

	private final DisposableServer server;

	TestEndpoint() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/ok", (req, res) -> record(req, res.status(200), "thanks"))
				.post("/fail", (req, res) -> record(req, res.status(500), "boom: database down"))
				.post("/redirect", (req, res) -> record(req, res.status(302).header("location", "/ok"), ""))
				.post("/hang", (req, res) -> req.receive().then(Mono.never()))
				.post("/big", (req, res) -> req.receive()
					.then(res.status(200).header("content-length", Integer.toString(BIG_SIZE)).send(big()).then()))
				.post("/endless", (req, res) -> req.receive().then(res.status(200).send(endless()).then())))
			.bindNow();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	int port() {
		return this.server.port();
	}

	Received receivedFor(String webhookId) {
		return this.received.get(webhookId);
	}

	int hits() {
		return this.hits.get();
	}

	private Mono<Void> record(HttpServerRequest req, HttpServerResponse res, String answer) {
		return req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap((body) -> {
			this.hits.incrementAndGet();
			this.received.put(String.valueOf(req.requestHeaders().get("webhook-id")),
					new Received(headers(req.requestHeaders()), body));
			return res.sendString(Mono.just(answer)).then();
		});
	}

	private static Map<String, List<String>> headers(HttpHeaders headers) {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.names().forEach((name) -> copy.put(name, headers.getAll(name)));
		return copy;
	}

	private static Flux<ByteBuf> big() {
		byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
		return Flux.range(0, BIG_SIZE / chunk.length).map((i) -> Unpooled.wrappedBuffer(chunk));
	}

	private static Flux<ByteBuf> endless() {
		byte[] chunk = "y".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII);
		return Flux.<ByteBuf>generate((sink) -> sink.next(Unpooled.wrappedBuffer(chunk)));
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	record Received(Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
