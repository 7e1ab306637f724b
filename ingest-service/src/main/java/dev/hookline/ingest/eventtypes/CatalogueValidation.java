package dev.hookline.ingest.eventtypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.networknt.schema.Schema;
import dev.hookline.ingest.events.CatalogueCheck;
import dev.hookline.schemas.Event;
import dev.hookline.schemas.EventType;
import reactor.core.publisher.Mono;

/**
 * Checks published events against the tenant's catalogue, as
 * {@code hookline.ingest.event-types} says: a type that is not catalogued, and data that
 * fails its type's JSON Schema.
 *
 * <p>
 * Accepting never waits on Kafka: events are checked against the catalogue as this
 * instance holds it. Refusing does: a refusal is decided again after a read barrier, so
 * an event is never refused for a type or schema that was changed, on any instance,
 * before the request.
 */
final class CatalogueValidation implements CatalogueCheck {

	private final EventTypeStore store;

	private final CompiledSchemas schemas;

	private final EventTypesProperties properties;

	CatalogueValidation(EventTypeStore store, CompiledSchemas schemas, EventTypesProperties properties) {
		this.store = store;
		this.schemas = schemas;
		this.properties = properties;
	}

	@Override
	public Mono<List<Violation>> check(String tenant, List<Event> events) {
		if (!this.properties.checksEvents()) {
			return Mono.just(List.of());
		}
		List<Violation> violations = violations(tenant, events);
		if (violations.isEmpty()) {
			return Mono.just(violations);
		}
		return this.store.synced().then(Mono.fromSupplier(() -> violations(tenant, events)));
	}

	private List<Violation> violations(String tenant, List<Event> events) {
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			Event event = events.get(i);
			Optional<EventType> entry = this.store.current(tenant, event.getType());
			if (entry.isEmpty()) {
				if (this.properties.rejectUnknown()) {
					violations.add(new Violation(i, "type", "is not in this tenant's event-type catalogue; "
							+ "add it with PUT /v1/event-types/" + event.getType()));
				}
			}
			else if (this.properties.validateData()) {
				dataViolations(i, event, entry.get(), violations);
			}
		}
		return violations;
	}

	private void dataViolations(int position, Event event, EventType entry, List<Violation> violations) {
		Schema schema = this.schemas.of(entry);
		if (schema == null) {
			return;
		}
		for (com.networknt.schema.Error error : JsonSchemas.errors(schema,
				CompiledSchemas.JSON.readTree(event.getData()))) {
			violations.add(new Violation(position, "data" + error.getInstanceLocation(), error.getMessage()));
		}
	}

}
