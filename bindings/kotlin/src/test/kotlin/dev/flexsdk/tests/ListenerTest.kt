package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** Listeners: a throwing listener is isolated; closing the handle stops delivery; the thread. */
@ExtendWith(EmulatorExtension::class)
class ListenerTest {
    /** Records, then throws on every event. */
    private class Throwing : Recorder() {
        override fun onEvent(event: FlexEvent) {
            super.onEvent(event)
            throw IllegalStateException("listener bug")
        }
    }

    @Test
    fun `a throwing listener does not stop the others`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val bad = Throwing()
            val good = Recorder()
            client.addListener(bad).use {
                client.addListener(good).use {
                    client.setCurrentActivity(emu.activity("available"), false)
                    client.setCurrentActivity(emu.activity("offline"), false)
                    good.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Offline" }
                    assertEquals(bad.kinds(), good.kinds())
                    assertEquals("Offline", client.getWorker().activityName)
                }
            }
        }
    }

    @Test
    fun `a closed handle gets nothing more`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = Recorder()
            val removed = Recorder()
            client.addListener(recorder).use {
                val handle = client.addListener(removed)
                client.setCurrentActivity(emu.activity("available"), false)
                removed.await<FlexEvent.WorkerActivityUpdated>()
                handle.remove()
                handle.close()
                client.setCurrentActivity(emu.activity("break"), false)
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Break" }
                delay(100)
                assertFalse(removed.events.any { it is FlexEvent.WorkerActivityUpdated && it.worker.activityName == "Break" })
            }
        }
    }

    @Test
    fun `listeners run on one SDK thread, not the caller's`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = Recorder()
            client.addListener(recorder).use {
                client.setCurrentActivity(emu.activity("available"), false)
                client.setCurrentActivity(emu.activity("offline"), false)
                recorder.await<FlexEvent.WorkerActivityUpdated> { it.worker.activityName == "Offline" }
                assertEquals(1, recorder.threads.size)
                assertNotEquals(LibC.pthread_self(), recorder.threads.single())
            }
        }
    }
}
