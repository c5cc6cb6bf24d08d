/** A forecast, as the demo's weather tool returns it. */
export interface Forecast {
  city: string;
  forecast: string;
  temperature_c: number;
}

const FORECASTS: Record<string, Omit<Forecast, "city">> = {
  paris: { forecast: "light rain", temperature_c: 14 },
  tokyo: { forecast: "sunny", temperature_c: 22 },
  oslo: { forecast: "snow", temperature_c: -3 },
};

/** The demo's weather "API": fixed forecasts for a few cities; an unknown city throws, as real tools do. */
export function getWeather(city: string): Forecast {
  const known = FORECASTS[city.trim().toLowerCase()];
  if (!known) throw new RangeError(`No forecast for "${city}"`);
  return { city, ...known };
}

/** The tool's schema, as sent to the model. */
export const WEATHER_TOOL = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
