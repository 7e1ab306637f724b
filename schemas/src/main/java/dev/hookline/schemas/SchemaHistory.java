package dev.hookline.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

/**
 * The released versions of every record schema, kept under
 * {@code hookline/schemas/released/vN} on the classpath.
 *
 * <p>
 * Every released writer schema stays decodable forever: {@link AvroSerde} registers all
 * of them, and a build-time test refuses a current schema that is not compatible with the
 * newest release. To release a new version, copy {@code src/main/avro} to a new
 * {@code vN} folder and append it to {@link #VERSIONS}.
 */
public final class SchemaHistory {

	/** Released versions, oldest first. */
	public static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4");

	/** Files in dependency order: named types are defined before they are referenced. */
	static final List<String> FILES = List.of("outcome.avsc", "event.avsc", "subscription.avsc", "delivery.avsc",
			"attempt.avsc", "replay-mark.avsc", "event-type.avsc", "endpoint-health.avsc", "quarantined.avsc",
			"tenant.avsc", "api-key.avsc");

	private SchemaHistory() {
	}

	/** The schemas of one released version, by full record name. */
	public static Map<String, Schema> released(String version) {
		Schema.Parser parser = new Schema.Parser();
		Map<String, Schema> schemas = new LinkedHashMap<>();
		for (String file : FILES) {
			String path = "/hookline/schemas/released/" + version + "/" + file;
			try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
				if (in == null) {
					// a record added after this version was released
					continue;
				}
				Schema schema = parser.parse(in);
				schemas.put(schema.getFullName(), schema);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return schemas;
	}

	/** Every released writer schema of one record, oldest first. */
	public static List<Schema> releasedVersionsOf(String fullName) {
		return VERSIONS.stream().map(v -> released(v).get(fullName)).filter(s -> s != null).toList();
	}

}
