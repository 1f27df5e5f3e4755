"""The versioned site: every declared version of the guide built with mike into public/."""
