package io.orpheus.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;

class LauncherTest {

    @TempDir
    Path home;

    @Test
    void frameworkPropertiesExpandTheHomeAndUseAPrivateCache() throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/config.properties"),
                "felix.fileinstall.dir=${orpheus.home}/deploy,${orpheus.home}/conf\nfelix.fileinstall.filter=.*\\\\.(jar|cfg)\n");
        Path cache = home.resolve("cache");
        Map<String, String> props = new Launcher(home, 1000).frameworkProperties(cache);
        String h = home.toAbsolutePath().normalize().toString();
        assertEquals(h + "/deploy," + h + "/conf", props.get("felix.fileinstall.dir"));
        assertEquals(".*\\.(jar|cfg)", props.get("felix.fileinstall.filter"));
        assertEquals(cache.toString(), props.get(Constants.FRAMEWORK_STORAGE));
        assertEquals(Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT, props.get(Constants.FRAMEWORK_STORAGE_CLEAN));
    }

    @Test
    void anEmptyBundleDirectoryIsOneClearError() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        Launcher.LaunchException e = assertThrows(Launcher.LaunchException.class,
                () -> new Launcher(home, 1000).launch(new String[] {"backends"}));
        assertEquals(home.resolve("bundle") + " holds no bundles", e.getMessage());
        assertTrue(Files.isDirectory(home.resolve("deploy")), "deploy/ is created when missing");
    }

    @Test
    void theDistributionsConfigurationWatchesDeployAndConf() throws IOException {
        String conf = Files.readString(Path.of("src/conf/config.properties"));
        assertTrue(conf.contains("felix.fileinstall.dir=${orpheus.home}/deploy,${orpheus.home}/conf"), conf);
        String admission = Files.readString(Path.of("src/conf/io.orpheus.admission.cfg"));
        assertTrue(admission.contains("\ntier=quick\n") && admission.contains("\ntrust=\n"), admission);
    }
}
