/** A run ID as traceloom and MLflow write them (hex; letters, digits, `_` and `-` accepted): anything else names no stored run. */
export const RUN_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
