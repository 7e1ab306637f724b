package dev.hookline.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A real HTTP server on loopback that receives webhooks, verifies each signature with the
 * official Standard Webhooks library, and records what it got. Each path can be told to
 * be slow, fail, hang or reset the connection.
 *
 * <p>
 * Requests to a path with no registered secret are recorded as unverified. The receiver
 * never throws on bad input: it records it, so tests assert on what arrived.
 */
public final class VerifyingReceiver implements AutoCloseable {

	private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

	/** Requests of each path in flight now, and the most there ever were. */
	private final Map<String, int[]> concurrency = new ConcurrentHashMap<>();

	/**
	 * How long clients wait for an answer, if known: a request left hanging stops
	 * counting as in flight then, though its connection may close a moment later.
	 */
	private volatile @Nullable Duration clientTimeout;

	/** Path and {@code webhook-id} of every request received, for flaky behaviours. */
	private final Set<String> firstRequests = ConcurrentHashMap.newKeySet();

	private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	private final DisposableServer server;

	private VerifyingReceiver(DisposableServer server, Holder holder) {
		this.server = server;
		holder.receiver = this;
	}

	/** Starts a receiver on a free loopback port. */
	public static VerifyingReceiver start() {
		Holder holder = new Holder();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> java.util.Objects.requireNonNull(holder.receiver).handle(request, response))
			.bindNow(Duration.ofSeconds(10));
		return new VerifyingReceiver(server, holder);
	}

	/** The absolute URL of a path on this receiver, e.g. {@code url("/hooks/a")}. */
	public String url(String path) {
		return "http://127.0.0.1:" + this.server.port() + path;
	}

	public int port() {
		return this.server.port();
	}

	/**
	 * Registers the secrets a path's requests must be signed with; any one of them
	 * verifies.
	 */
	public VerifyingReceiver secrets(String path, String... whsecSecrets) {
		this.secrets.put(path, List.of(whsecSecrets));
		return this;
	}

	/** Sets how a path answers from now on; the default is {@link Behaviour#ok()}. */
	public VerifyingReceiver behave(String path, Behaviour behaviour) {
		this.behaviours.put(path, behaviour);
		this.counts.remove(path);
		return this;
	}

	/** Everything received so far, in arrival order. */
	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	public List<Received> received(String path) {
		return this.received.stream().filter(r -> r.path().equals(path)).toList();
	}

	public int count() {
		return this.received.size();
	}

	/**
	 * The most requests of a path that were ever in flight at once: arrived, and not yet
	 * answered, reset, or given up by their client.
	 */
	public int maxConcurrency(String path) {
		return count(path, 1);
	}

	/**
	 * Tells how long clients wait for an answer before they give up: a hanging request
	 * then stops counting as in flight ({@link #maxConcurrency}) that long after it
	 * arrived, if its connection has not closed before. Without this, it counts until the
	 * receiver notices the closed connection, a few milliseconds after the client gave up
	 * and may already have sent its next request.
	 */
	public VerifyingReceiver clientTimeout(Duration timeout) {
		this.clientTimeout = timeout;
		return this;
	}

	/** Requests of a path in flight now. */
	public int inFlight(String path) {
		return count(path, 0);
	}

	/** One of a path's counts: 0 in flight now, 1 the most ever in flight. */
	private int count(String path, int which) {
		int[] counts = this.concurrency.get(path);
		if (counts == null) {
			return 0;
		}
		synchronized (counts) {
			return counts[which];
		}
	}

	/** Forgets what was received. */
	public void clear() {
		this.received.clear();
	}

	private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		Instant arrived = Instant.now();
		String path = request.fullPath();
		int[] counts = this.concurrency.computeIfAbsent(path, (p) -> new int[2]);
		synchronized (counts) {
			counts[0]++;
			counts[1] = Math.max(counts[1], counts[0]);
		}
		// a request ends when its answer is about to leave (the client may send the next
		// one as soon as it has it), or when it was reset or its client gave up
		AtomicBoolean ended = new AtomicBoolean();
		Runnable end = () -> {
			if (ended.compareAndSet(false, true)) {
				synchronized (counts) {
					counts[0]--;
				}
			}
		};
		return exchange(request, response, path, arrived, end).doFinally((signal) -> end.run());
	}

	private Mono<Void> exchange(HttpServerRequest request, HttpServerResponse response, String path, Instant arrived,
			Runnable end) {
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
			Map<String, List<String>> headers = headers(request);
			Behaviour behaviour = this.behaviours.getOrDefault(path, Behaviour.ok());
			if (behaviour.flaky() != Behaviour.Flaky.NEVER
					&& this.firstRequests.add(path + " " + first(headers, "webhook-id"))) {
				behaviour = behaviour.flaky().firstRequest(behaviour, ThreadLocalRandom.current().nextDouble());
			}
			int seen = this.counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
			int status = (seen <= behaviour.failFirst()) ? behaviour.failStatus() : behaviour.status();
			String body = new String(bytes, StandardCharsets.UTF_8);
			String error = verify(path, body, headers);
			int answered = (behaviour.mode() == Behaviour.Mode.ANSWER) ? status : 0;
			this.received.add(new Received(path, first(headers, "webhook-id"), body, headers, error == null, error,
					arrived, answered));
			Behaviour answering = behaviour;
			return switch (behaviour.mode()) {
				case HANG -> {
					Duration timeout = this.clientTimeout;
					if (timeout != null) {
						Schedulers.parallel().schedule(end, timeout.toNanos(), TimeUnit.NANOSECONDS);
					}
					yield Mono.never();
				}
				case RESET -> response.withConnection(connection -> {
					end.run();
					connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
					connection.channel().close();
				}).then();
				case ANSWER -> Mono.delay(answering.delay()).then(Mono.defer(() -> {
					end.run();
					return answer(response, status, answering);
				}));
			};
		});
	}

	private static Mono<Void> answer(HttpServerResponse response, int status, Behaviour behaviour) {
		response.status(status);
		String[] extra = behaviour.headers();
		for (int i = 0; i + 1 < extra.length; i += 2) {
			response.header(extra[i], extra[i + 1]);
		}
		String body = behaviour.body();
		return response.sendString(Mono.just((body != null) ? body : "{\"received\":true,\"status\":" + status + "}"))
			.then();
	}

	private @Nullable String verify(String path, String body, Map<String, List<String>> headers) {
		List<String> pathSecrets = this.secrets.get(path);
		if (pathSecrets == null) {
			return "no secret registered for " + path;
		}
		String last = "no secret";
		for (String secret : pathSecrets) {
			try {
				new Webhook(secret).verify(body, headers);
				return null;
			}
			catch (WebhookVerificationException ex) {
				last = ex.getMessage();
			}
			catch (Exception ex) {
				last = ex.toString();
			}
		}
		return last;
	}

	private static Map<String, List<String>> headers(HttpServerRequest request) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.requestHeaders()
			.forEach(h -> headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
				.add(h.getValue()));
		return headers;
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	/**
	 * Lets the handler reach the receiver that is built from the server it belongs to.
	 */
	private static final class Holder {

		// set by the constructor, before the server can pass it a request
		@Nullable VerifyingReceiver receiver;

	}

}
