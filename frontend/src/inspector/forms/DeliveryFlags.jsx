// Per-step delivery flags (SPEC §8) on email and task steps: go at once outside the journey's
// send window; for emails, what to do at the frequency cap and whether it is transactional.
import { CheckboxField, RadioGroup } from "../fields.jsx";

/** `email`: show the frequency cap choices too. Unset flags are left out of the config. */
export default function DeliveryFlags({ config, onChange, email = false }) {
  const flag = (key, on, fallback) => {
    const { [key]: _old, ...rest } = config; // eslint-disable-line no-unused-vars
    onChange(on === fallback ? rest : { ...rest, [key]: on }, key);
  };
  return (
    <fieldset className="delivery-flags">
      <legend>Delivery</legend>
      <CheckboxField label="Go at once, outside the send window too" checked={config.ignore_send_window}
        onChange={(on) => flag("ignore_send_window", on, false)}
        hint="Otherwise, outside the journey's send window the step waits until it opens." />
      {email && (
        <>
          <CheckboxField label="Transactional (not counted toward the frequency cap, never held by it)" checked={config.transactional}
            onChange={(on) => flag("transactional", on, false)} />
          {!config.transactional && (
            <RadioGroup legend="When a recipient has had the most emails the cap allows" value={config.on_cap || "hold"}
              onChange={(v) => flag("on_cap", v, "hold")}
              options={[{ value: "hold", label: "Wait until the cap allows it" }, { value: "skip", label: "Skip this email and go on" }]} />
          )}
        </>
      )}
    </fieldset>
  );
}
