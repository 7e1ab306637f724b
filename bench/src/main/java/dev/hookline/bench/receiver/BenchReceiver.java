package dev.hookline.bench.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The benchmark's webhook endpoint: a Reactor Netty server that answers every POST with
 * the latency and failure modes configured for the longest matching path prefix, and
 * counts deliveries, duplicates and end-to-end latency.
 *
 * <p>
 * Meant to run in its own JVM ({@link ReceiverProcess}), so its CPU and garbage never mix
 * with the system under test. Control endpoints on the same port: {@code PUT /_config}
 * replaces the configuration (400 with {@code {"error":…}} when it is invalid, and the
 * previous one stays), {@code GET /_config}, {@code GET /_stats}, {@code POST /_reset}
 * (clears the counters and the headroom window, keeps the configuration). Signatures are
 * not verified unless a path's configuration names a {@code verifySecret}.
 *
 * <p>
 * {@code main} arguments: {@code --port N} (0 picks a free port), {@code --host H}
 * (default 127.0.0.1), {@code --loops N} (event loops, default max(4, cores)),
 * {@code --exit-on-stdin-eof} (exit when the parent closes stdin). It prints
 * {@code READY <port>} once listening.
 */
public final class BenchReceiver implements AutoCloseable {

	private final AtomicReference<ReceiverConfig> config = new AtomicReference<>(ReceiverConfig.DEFAULT);

	private final AtomicReference<ReceiverStats> stats = new AtomicReference<>(new ReceiverStats());

	private final Headroom headroom = new Headroom();

	private final Deliveries deliveries = new Deliveries(this.config::get, this.stats::get);

	private final LoopResources loops;

	private final DisposableServer server;

	private BenchReceiver(String host, int port, int eventLoops) {
		this.loops = LoopResources.create("bench-receiver", 1, eventLoops, true);
		this.server = HttpServer.create()
			.host(host)
			.port(port)
			.runOn(this.loops, true)
			.option(ChannelOption.SO_BACKLOG, 4096)
			.handle(this::handle)
			.bindNow(Duration.ofSeconds(10));
		this.headroom.start(this.loops.onServer(true));
	}

	/** Starts a receiver; {@code port} 0 picks a free one. */
	public static BenchReceiver start(String host, int port, int eventLoops) {
		return new BenchReceiver(host, port, eventLoops);
	}

	/** The number of event loops that make the receiver never the bottleneck here. */
	public static int defaultEventLoops() {
		return Math.max(4, Runtime.getRuntime().availableProcessors());
	}

	public int port() {
		return this.server.port();
	}

	public static void main(String[] args) throws IOException {
		ReceiverArguments arguments = ReceiverArguments.parse(args);
		BenchReceiver receiver = start(arguments.host(), arguments.port(), arguments.eventLoops());
		Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "bench-receiver-shutdown"));
		System.out.println("READY " + receiver.port());
		System.out.flush();
		if (arguments.exitOnStdinEof()) {
			drain(System.in);
			System.exit(0);
		}
		receiver.server.onDispose().block();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		String method = request.method().name();
		if (path.startsWith("/_")) {
			return control(method, path, request, response);
		}
		if (!method.equals("POST")) {
			return response.status(405).send();
		}
		return this.deliveries.handle(path, request, response);
	}

	private Mono<Void> control(String method, String path, HttpServerRequest request, HttpServerResponse response) {
		return switch (method + " " + path) {
			case "PUT /_config" -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap((json) -> configure(json, response));
			case "GET /_config" -> json(response, 200, this.config.get().toJson().toString());
			case "GET /_stats" -> json(response, 200, stats().toString());
			case "POST /_reset" -> {
				this.stats.set(new ReceiverStats());
				this.headroom.reset();
				yield json(response, 200, "{\"reset\":true}");
			}
			default -> json(response, 404, "{\"error\":\"no control endpoint " + method + " " + path + "\"}");
		};
	}

	private Mono<Void> configure(String json, HttpServerResponse response) {
		try {
			this.config.set(ReceiverConfig.parse(json));
			return json(response, 200, this.config.get().toJson().toString());
		}
		catch (IllegalArgumentException ex) {
			ObjectNode error = JsonMapper.shared().createObjectNode().put("error", ex.getMessage());
			return json(response, 400, error.toString());
		}
	}

	private ObjectNode stats() {
		ObjectNode node = JsonMapper.shared().createObjectNode();
		this.stats.get().writeTo(node);
		this.headroom.writeTo(node.putObject("headroom"));
		return node;
	}

	private static Mono<Void> json(HttpServerResponse response, int status, String body) {
		return response.status(status)
			.header("content-type", "application/json")
			.sendString(Mono.just(body), StandardCharsets.UTF_8)
			.then();
	}

	private static void drain(InputStream in) throws IOException {
		byte[] buffer = new byte[256];
		while (in.read(buffer) != -1) {
			// nothing to read: the parent only ever closes it
		}
	}

	/** Stops listening and releases the event loops. */
	@Override
	public void close() {
		this.headroom.stop();
		try {
			this.server.disposeNow(Duration.ofSeconds(5));
		}
		catch (IllegalStateException ex) {
			// hanging requests keep connections open: disposing the loops closes them
		}
		this.loops.disposeLater().block(Duration.ofSeconds(5));
	}

}
