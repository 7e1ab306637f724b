package dev.hookline.sender.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.hookline.sender.signing.WebhookSigner;
import dev.hookline.sender.ssrf.AddressGuard;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Sends one signed webhook POST without blocking, and reports what came back.
 *
 * <p>
 * Every call signs anew with the time of this attempt ({@code webhook-timestamp}) and
 * sends the Standard Webhooks headers, {@code content-type: application/json} and
 * {@code user-agent: Hookline/0.1}. Redirects are never followed. The connection goes
 * only to addresses the {@link AddressGuard} allows. At most
 * {@link SenderSettings#maxResponseBytes()} of the response are read (then the connection
 * is dropped rather than drained) and the first {@link SenderSettings#snippetBytes()} are
 * kept as text.
 *
 * <p>
 * The returned {@code Mono} never fails: a connection, TLS or timeout problem is a
 * {@link SendResult} with a {@link SendError}. The client owns its own event loops and
 * connection pools; {@link #close()} releases them.
 */
public final class WebhookClient implements AutoCloseable {

	/** Headers a subscription's custom headers cannot replace (lower case). */
	static final Set<String> RESERVED_HEADERS = Set.of("webhook-id", "webhook-timestamp", "webhook-signature",
			"content-type", "content-length", "user-agent", "host", "transfer-encoding", "connection");

	private static final Logger log = LoggerFactory.getLogger(WebhookClient.class);

	private static final String USER_AGENT = "Hookline/0.1";

	private final SenderSettings settings;

	private final AddressGuard guard;

	private final Clock clock;

	private final LoopResources loops;

	private final ConnectionProvider pool;

	private final HttpClient http;

	WebhookClient(SenderSettings settings, AddressGuard guard, Clock clock) {
		this.settings = settings;
		this.guard = guard;
		this.clock = clock;
		this.loops = LoopResources.create("hookline-webhook", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
		this.pool = ConnectionProvider.builder("hookline-webhook")
			.maxConnections(settings.maxConnectionsPerHost())
			.pendingAcquireMaxCount(settings.maxPendingAcquires())
			.pendingAcquireTimeout(settings.totalTimeout())
			.maxIdleTime(Duration.ofSeconds(30))
			.evictInBackground(Duration.ofSeconds(30))
			.build();
		this.http = HttpClient.create(this.pool)
			.runOn(this.loops)
			.resolver((spec) -> spec.dnsAddressResolverGroupProvider(guard::resolverGroup))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
			.followRedirect(false);
	}

	public static WebhookClient create(SenderSettings settings, AddressGuard guard) {
		return new WebhookClient(settings, guard, Clock.systemUTC());
	}

	/** Sends the webhook; the result arrives on one of the client's event loops. */
	public Mono<SendResult> send(WebhookRequest request) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			URI uri = parse(request.url());
			if (uri == null) {
				return Mono.just(SendResult.failed(SendError.INVALID_URL, 0));
			}
			if (!this.guard.allowsScheme(uri.getScheme().toLowerCase(Locale.ROOT))) {
				return Mono.just(SendResult.failed(SendError.INSECURE_URL, 0));
			}
			if (!CustomHeaders.areValid(request.headers())) {
				return Mono.just(SendResult.failed(SendError.INVALID_HEADER, 0));
			}
			long timestamp = this.clock.instant().getEpochSecond();
			String signature = sign(request, timestamp);
			if (signature == null) {
				return Mono.just(SendResult.failed(SendError.INVALID_SECRET, 0));
			}
			return exchange(uri, request, timestamp, signature).timeout(this.settings.totalTimeout())
				.map((answer) -> SendResult.answered(answer.status(), millisSince(start), answer.snippet(),
						answer.retryAfter()))
				.onErrorResume((ex) -> Mono.just(SendResult.failed(Failures.classify(ex), millisSince(start))));
		}).onErrorResume((ex) -> {
			log.error("cannot send {}", request, ex);
			return Mono.just(SendResult.failed(SendError.INTERNAL_ERROR, 0));
		});
	}

	private static @Nullable String sign(WebhookRequest request, long timestamp) {
		try {
			return WebhookSigner.signature(request.webhookId(), timestamp, request.body(), request.secrets());
		}
		catch (IllegalArgumentException ex) {
			// not whsec_ and base64; the exception's message may quote part of the secret
			return null;
		}
	}

	private Mono<Answer> exchange(URI uri, WebhookRequest request, long timestamp, String signature) {
		return this.http.post()
			.uri(uri)
			.send((req, out) -> writeRequest(req, out, request, timestamp, signature))
			.response(this::readAnswer)
			.next();
	}

	private NettyOutbound writeRequest(HttpClientRequest req, NettyOutbound out, WebhookRequest request, long timestamp,
			String signature) {
		HttpHeaders headers = req.requestHeaders();
		for (Map.Entry<String, String> custom : request.headers().entrySet()) {
			if (!RESERVED_HEADERS.contains(custom.getKey().toLowerCase(Locale.ROOT))) {
				headers.set(custom.getKey(), custom.getValue());
			}
		}
		headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
		headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
		headers.set("webhook-id", request.webhookId());
		headers.set("webhook-timestamp", Long.toString(timestamp));
		headers.set("webhook-signature", signature);
		return out.send(Mono.just(Unpooled.wrappedBuffer(request.body())));
	}

	private Mono<Answer> readAnswer(HttpClientResponse response, ByteBufFlux body) {
		CappedBody capped = new CappedBody(this.settings.maxResponseBytes(), this.settings.snippetBytes());
		// takeUntil cancels the body once the cap is reached: Reactor Netty then closes
		// the
		// connection instead of reading the rest of an oversized response.
		return body.doOnNext(capped::append)
			.takeUntil((chunk) -> capped.full())
			.then(Mono.fromSupplier(() -> new Answer(response.status().code(), capped.snippet(),
					response.responseHeaders().get("retry-after"))));
	}

	private static @Nullable URI parse(String url) {
		try {
			URI uri = new URI(url);
			boolean web = uri.getScheme() != null
					&& ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
			return (web && uri.getHost() != null) ? uri : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	@Override
	public void close() {
		this.pool.dispose();
		this.loops.dispose();
	}

	private record Answer(int status, @Nullable String snippet, @Nullable String retryAfter) {
	}

}
