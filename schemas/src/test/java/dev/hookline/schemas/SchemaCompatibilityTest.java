package dev.hookline.schemas;

import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time schema check: every current record schema must read what the newest
 * release wrote, and the newest release must read what the current one writes, so
 * producers and consumers can be upgraded in any order. Fails the build on an
 * incompatible change.
 */
class SchemaCompatibilityTest {

	private static final String NEWEST = SchemaHistory.VERSIONS.get(SchemaHistory.VERSIONS.size() - 1);

	@ParameterizedTest
	@ValueSource(classes = { Event.class, Subscription.class, Delivery.class, Attempt.class, Outcome.class,
			EndpointHealth.class, Tenant.class, ApiKey.class })
	void currentSchemaIsCompatibleBothWaysWithTheNewestRelease(Class<?> type) {
		Schema current = SpecificData.get().getSchema(type);
		Schema released = SchemaHistory.released(NEWEST).get(current.getFullName());
		assertThat(released).as("released %s of %s", NEWEST, current.getFullName()).isNotNull();

		assertThat(Compatibility.problems(current, released)).as("current reads %s", NEWEST).isEmpty();
		assertThat(Compatibility.problems(released, current)).as("%s reads current", NEWEST).isEmpty();
	}

	@Test
	void everyReleasedVersionDefinesEveryRecord() {
		for (String version : SchemaHistory.VERSIONS) {
			Map<String, Schema> schemas = SchemaHistory.released(version);
			assertThat(schemas).containsKeys("dev.hookline.schemas.Event", "dev.hookline.schemas.Subscription",
					"dev.hookline.schemas.Delivery", "dev.hookline.schemas.Attempt");
		}
	}

	@Test
	void theCheckRejectsANewFieldWithoutADefault() {
		Schema released = SchemaHistory.released(NEWEST).get("dev.hookline.schemas.Event");
		Schema changed = withExtraField(released, false);

		assertThat(Compatibility.problems(changed, released)).isNotEmpty();
	}

	@Test
	void theCheckAcceptsANewOptionalFieldWithADefault() {
		Schema released = SchemaHistory.released(NEWEST).get("dev.hookline.schemas.Event");
		Schema changed = withExtraField(released, true);

		assertThat(Compatibility.problems(changed, released)).isEmpty();
		assertThat(Compatibility.problems(released, changed)).isEmpty();
	}

	private static Schema withExtraField(Schema base, boolean withDefault) {
		List<Schema.Field> fields = new java.util.ArrayList<>();
		base.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
		fields.add(withDefault
				? new Schema.Field("region", SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), null,
						Schema.Field.NULL_DEFAULT_VALUE)
				: new Schema.Field("region", Schema.create(Schema.Type.STRING)));
		return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
	}

	/** Thin wrapper so the assertions read as lists of problems. */
	static final class Compatibility {

		static List<String> problems(Schema reader, Schema writer) {
			return org.apache.avro.SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
				.getResult()
				.getIncompatibilities()
				.stream()
				.map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
				.toList();
		}

	}

}
