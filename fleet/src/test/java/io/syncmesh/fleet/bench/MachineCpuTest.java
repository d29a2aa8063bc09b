package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void busyTimeIsEverythingButIdleIoWaitAndStealInHundredthsOfASecond() {
        // user 100, nice 20, system 30, idle 5000, iowait 40, irq 1, softirq 2, steal 7, guest 99 (already in user)
        double busy = MachineCpu.busySeconds("cpu  100 20 30 5000 40 1 2 7 99 0");

        assertThat(busy).isEqualTo(1.53);
    }

    @Test
    void aLineOtherThanTheTotalIsRefused() {
        assertThatThrownBy(() -> MachineCpu.busySeconds("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMachineIsBusyWhileThisJvmComputes() {
        MachineCpu machine = MachineCpu.start();
        long sum = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }

        assertThat(sum).isNotZero();
        assertThat(machine.busySeconds()).isPositive();
    }
}
