"use client";
import { DaysSettingForm } from "../days-setting-form";
import { trustDaysAction } from "./actions";

/** The admin's setting for trusted browsers: a number of days (1–90), or 0 / empty for off. */
export function TrustDaysForm({ days }: { days: number | null }) {
  return <DaysSettingForm action={trustDaysAction} name="days" label="Trust a browser for (days)" hint="1–90; 0 turns it off." days={days} width="w-56" />;
}
