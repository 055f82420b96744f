"use client";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal <dialog>, open while rendered: focus is trapped, Escape calls
 * `onCancel`, and `labelledBy` names it for screen readers.
 */
export function Modal({ labelledBy, onCancel, size = "sm", children }: { labelledBy: string; onCancel: () => void; size?: "sm" | "lg"; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      onCancel={onCancel}
      className={`m-auto w-full ${size === "lg" ? "max-w-lg" : "max-w-sm"} rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40`}
    >
      {children}
    </dialog>
  );
}
