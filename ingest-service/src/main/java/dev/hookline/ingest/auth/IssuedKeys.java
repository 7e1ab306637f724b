package dev.hookline.ingest.auth;

import java.util.Optional;

import dev.hookline.schemas.ApiKey;

/**
 * The keys issued at run time, found by id ({@link ApiKeys#keyId}), as this instance's
 * view of the api-keys topic holds them now.
 */
@FunctionalInterface
public interface IssuedKeys {

	/** None: only the configured keys are accepted. */
	IssuedKeys NONE = (id) -> Optional.empty();

	Optional<ApiKey> find(String id);

}
