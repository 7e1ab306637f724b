package dev.hookline.ingest.http;

import dev.hookline.ingest.IngestProperties;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Reads a request body as one JSON value, within the configured size and nesting limits.
 *
 * <p>
 * The body is read here rather than by a codec so that the limits are ours: a declared
 * {@code Content-Length} over the limit is refused before a byte is read, and a body
 * without one (chunked) is refused as soon as it grows past the limit. Numbers keep their
 * exact digits, duplicate keys and trailing content are errors. Fails with
 * {@link ApiException}: 413 when too large; 400 when empty, not JSON, or nested too deep.
 */
@Component
public final class JsonBodyReader {

	private static final byte[] EMPTY = new byte[0];

	private final JsonMapper mapper;

	private final int maxBytes;

	private final int maxDepth;

	public JsonBodyReader(IngestProperties properties) {
		this.maxBytes = properties.maxBodyBytes();
		this.maxDepth = properties.maxJsonDepth();
		JsonFactory factory = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(this.maxDepth).build())
			.build();
		this.mapper = JsonMapper.builder(factory)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
			.build();
	}

	/** The body as a JSON tree; see the class comment for the failures. */
	public Mono<JsonNode> read(ServerHttpRequest request) {
		if (request.getHeaders().getContentLength() > this.maxBytes) {
			return Mono.error(tooLarge(this.maxBytes));
		}
		return DataBufferUtils.join(request.getBody(), this.maxBytes)
			.onErrorMap(DataBufferLimitException.class, ex -> tooLarge(this.maxBytes))
			.map(JsonBodyReader::drain)
			.defaultIfEmpty(EMPTY)
			.map(this::parse);
	}

	/** Compact JSON text of a value read by this reader, numbers as they were sent. */
	public String compact(JsonNode value) {
		return this.mapper.writeValueAsString(value);
	}

	JsonNode parse(byte[] bytes) {
		JsonNode tree;
		try {
			tree = (bytes.length > 0) ? this.mapper.readTree(bytes) : null;
		}
		catch (StreamConstraintsException ex) {
			// the depth is the one constraint set low; the others guard against absurd
			// documents
			if (ex.getOriginalMessage().contains("depth")) {
				throw ApiException.of(HttpStatus.BAD_REQUEST, "json-too-deep", "JSON too deep",
						"The JSON body is nested too deeply: more than " + this.maxDepth + " levels.");
			}
			throw ApiException.of(HttpStatus.BAD_REQUEST, "json-limit", "JSON over a limit",
					"The JSON body exceeds a parser limit: " + ex.getOriginalMessage());
		}
		catch (JacksonException ex) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The body is not valid JSON" + at(ex.getLocation()) + ": " + ex.getOriginalMessage());
		}
		if (tree == null || tree.isMissingNode()) {
			throw ApiException.of(HttpStatus.BAD_REQUEST, "empty-body", "Empty body",
					"The request body is empty; send a JSON document.");
		}
		return tree;
	}

	static ApiException tooLarge(int maxBytes) {
		return ApiException
			.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Body too large",
					"The request body is larger than " + maxBytes + " bytes, the limit of this API.")
			.with("maxBytes", maxBytes);
	}

	private static String at(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

	private static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
