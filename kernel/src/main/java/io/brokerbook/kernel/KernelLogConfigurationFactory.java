package io.brokerbook.kernel;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;

import java.net.URI;

/**
 * Gives log4j the kernel's configuration ({@link KernelLogging#configuration}) whenever it starts; named by the
 * {@code log4j2.configurationFactory} property, so log4j creates it (hence public, with a no-argument constructor).
 */
public final class KernelLogConfigurationFactory extends ConfigurationFactory {
    private static final String[] EVERY_TYPE = {"*"};

    @Override
    protected String[] getSupportedTypes() {
        return EVERY_TYPE;
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
        return KernelLogging.configuration(context);
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, String name, URI configLocation) {
        return KernelLogging.configuration(context);
    }
}
