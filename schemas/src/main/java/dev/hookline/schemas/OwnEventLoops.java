package dev.hookline.schemas;

import org.springframework.http.client.ReactorResourceFactory;

/**
 * The Reactor Netty resources of a service's HTTP server (the API, or the management
 * port): event loops and a connection pool of its own, created and disposed with its
 * Spring context. Spring's default, the global resources, are disposed by whichever
 * context stops first, which stops every other server and client in the JVM that uses
 * them: the other services of the embedded mode, and the receivers the tests start.
 */
public final class OwnEventLoops {

	private OwnEventLoops() {
	}

	/** A factory for the service's {@code ReactorResourceFactory} bean. */
	public static ReactorResourceFactory factory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

}
