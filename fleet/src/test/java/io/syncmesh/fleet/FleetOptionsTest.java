package io.syncmesh.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FleetOptionsTest {

    @Test
    void optionsOverrideTheDefaults() {
        FleetMain.Options options = FleetMain.Options.parse(new String[]{"--devices", "7", "--duration", "2m",
                "--seed", "9", "--offline-ratio", "0.5", "--conflict-ratio", "0.1", "--think-time", "50ms",
                "--tenant", "t1"});

        assertThat(options.settings()).isEqualTo(new FleetSettings(7, Duration.ofMinutes(2), 9, 0.5, 0.1,
                FleetSettings.defaults().sharedEntities(), Duration.ofMillis(50)));
        assertThat(options.tenant()).isEqualTo("t1");
        assertThat(FleetMain.Options.parse(new String[0]).settings()).isEqualTo(FleetSettings.defaults());
    }

    @Test
    void badOptionsAreReportedByName() {
        assertThatThrownBy(() -> FleetMain.Options.parse(new String[]{"--devices", "many"}))
                .hasMessageContaining("--devices");
        assertThatThrownBy(() -> FleetMain.Options.parse(new String[]{"--offline-ratio", "1.5"}))
                .hasMessageContaining("--offline-ratio");
        assertThatThrownBy(() -> FleetMain.Options.parse(new String[]{"--duration"}))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> FleetMain.Options.parse(new String[]{"--colour", "red"}))
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> FleetMain.Options.parse(new String[]{"--duration", "soon"}))
                .hasMessageContaining("--duration");
    }
}
