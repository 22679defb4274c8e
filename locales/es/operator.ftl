# The operator's pages and the plans.

money-brl-equivalent = ≈ { $brl } a { $rate } por US$ (tipo de cambio del operador del { $date }; se cobra en US$)

rate-title = Reales en las páginas de los espacios de trabajo
rate-help = A los espacios de trabajo se les cobra en US$, como cobra el proveedor. Con un tipo de cambio aquí, sus páginas muestran también el equivalente en reales, con este tipo de cambio y su fecha. Deje el campo vacío para no mostrar reales.
rate-field = Reales por US$
rate-reads = = { $rate } por US$
rate-none = Sin tipo de cambio: no se muestran reales.
rate-current = Ahora: { $rate } por US$, fijado el { $date } (UTC).
rate-unset = Ningún tipo de cambio: los espacios de trabajo ven solo US$.
rate-save = Guardar tipo de cambio
