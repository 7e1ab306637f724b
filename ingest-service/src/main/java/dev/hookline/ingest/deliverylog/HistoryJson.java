package dev.hookline.ingest.deliverylog;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the history's stores hold their values: JSON of {@link StoredDelivery} and
 * {@link LoggedAttempt}, the same shapes the API shows, so that a value needs no second
 * model. Unknown fields are ignored, so a newer version's entries stay readable.
 */
final class HistoryJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private HistoryJson() {
	}

	static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	static <T> T read(byte[] json, Class<T> type) {
		return MAPPER.readValue(json, type);
	}

	/**
	 * A request body as a JSON tree; one that is not JSON (Hookline writes none) as a
	 * string.
	 */
	static JsonNode tree(String body) {
		try {
			return MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return MAPPER.getNodeFactory().stringNode(body);
		}
	}

}
