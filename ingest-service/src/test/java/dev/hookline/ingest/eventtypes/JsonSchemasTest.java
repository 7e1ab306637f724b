package dev.hookline.ingest.eventtypes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the catalogue accepts as a JSON Schema, and how it words the errors of data.
 */
class JsonSchemasTest {

	private final JsonSchemas schemas = new JsonSchemas();

	@Test
	void aSchemaThatBreaksTheMetaSchemaIsRefusedWithTheLibrarysReasons() {
		assertThat(this.schemas.problems(json("{\"type\":\"object\",\"minProperties\":-1}")))
			.containsExactly("/minProperties: must have a minimum value of 0");
		assertThat(this.schemas.problems(json("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}")))
			.isEmpty();
	}

	@Test
	void aReferenceToAnotherServerIsRefusedWithoutEverCallingIt() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicInteger calls = new AtomicInteger();
		server.createContext("/", (exchange) -> {
			calls.incrementAndGet();
			byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/name.json";
			assertThat(this.schemas.problems(json("{\"$ref\":\"" + url + "\"}"))).singleElement()
				.asString()
				.contains(url);
			assertThat(calls).hasValue(0);
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void dataErrorsNameTheOffendingPointer() {
		var schema = this.schemas.compile(json("{\"properties\":{\"amount\":{\"type\":\"number\"}}}"));
		assertThat(JsonSchemas.errors(schema, json("{\"amount\":\"12\"}"))).singleElement()
			.extracting(JsonSchemas::describe)
			.isEqualTo("/amount: string found, number expected");
		assertThat(JsonSchemas.errors(schema, json("{\"amount\":12}"))).isEmpty();
	}

	private static JsonNode json(String text) {
		return CompiledSchemas.JSON.readTree(text);
	}

}
