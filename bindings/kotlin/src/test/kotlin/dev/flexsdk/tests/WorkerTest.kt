package dev.flexsdk.tests

import dev.flexsdk.FlexEvent
import kotlinx.coroutines.runBlocking
import org.json.JSONObject
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** Worker actions: activity and attributes, observed through events. */
@ExtendWith(EmulatorExtension::class)
class WorkerTest {
    @Test
    fun `set activity emits an event`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = Recorder()
            client.addListener(recorder).use {
                val available = emu.activity("available")
                val worker = client.setCurrentActivity(available, false)
                assertEquals(available, worker.activitySid)
                assertTrue(worker.available)
                val event = recorder.await<FlexEvent.WorkerActivityUpdated>()
                assertEquals("Available", event.worker.activityName)
                assertEquals(available, client.getWorker().activitySid)
            }
        }
    }

    @Test
    fun `set and merge attributes`(emu: Emulator) = runBlocking<Unit> {
        emu.connect().use { client ->
            val recorder = Recorder()
            client.addListener(recorder).use {
                var worker = client.setAttributes("""{"skills":["billing"],"routing":{"level":1}}""", false)
                assertJson("""{"skills":["billing"],"routing":{"level":1}}""", worker.attributes)

                worker = client.setAttributes("""{"routing":{"team":"blue"},"pager":"42"}""", true)
                val merged = """{"skills":["billing"],"routing":{"level":1,"team":"blue"},"pager":"42"}"""
                assertJson(merged, worker.attributes)
                val event = recorder.await<FlexEvent.WorkerAttributesUpdated> { JSONObject(it.worker.attributes).has("pager") }
                assertJson(merged, event.worker.attributes)
                assertJson(merged, client.getWorker().attributes)
            }
        }
    }

    private fun assertJson(expected: String, actual: String) =
        assertTrue(JSONObject(expected).similar(JSONObject(actual)), "expected $expected, got $actual")
}
